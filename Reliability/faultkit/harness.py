"""The server under test, certificates, result rows and small waiting helpers."""
import argparse
import json
import os
import random
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid


# The repository: Reliability/faultkit/ is two folders down.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


HOST = "127.0.0.1"


# Short enough that stalled clients are cut off within a scenario.
REQUEST_TIMEOUT = 5


# Jitter a shared machine adds to a sub-millisecond p99 (seen: 4 ms while builds ran) is not a finding; a loop
# blocked by an attacker is (the dribblers send a byte a second, so a blocked loop costs the normal client hundreds
# of milliseconds).
LATENCY_SLACK_MS = 25.0


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def make_certificates(directory):
    subprocess.run([os.path.join(ROOT, "certs", "generate.sh"), "--out", directory, "--force"], check=True,
                   stdout=subprocess.DEVNULL, timeout=60)


def new_server_pair(certs, serial):
    """A new key and certificate for localhost/127.0.0.1 signed by the run's CA, written as the files a Secret update
    swaps in: both renamed into place, key first."""
    work = tempfile.mkdtemp(dir=certs)
    key, csr, crt, ext = (os.path.join(work, n) for n in ("tls.key", "tls.csr", "tls.crt", "ext"))
    with open(ext, "w") as handle:
        handle.write("subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n")
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
    openssl("req", "-new", "-key", key, "-subj", "/CN=localhost", "-out", csr)
    openssl("x509", "-req", "-in", csr, "-CA", os.path.join(certs, "ca.crt"), "-CAkey", os.path.join(certs, "ca.key"),
            "-set_serial", str(serial), "-days", "2", "-extfile", ext, "-out", crt)
    os.rename(key, os.path.join(certs, "tls.key"))
    os.rename(crt, os.path.join(certs, "tls.crt"))
    shutil.rmtree(work)


class Server:
    """One `serve` process on 127.0.0.1 port 0; stdout (JSON log lines) is read on a thread."""

    def __init__(self, binary, certs, extra=(), prefix=()):
        self.lines = []
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [*prefix, binary, "serve", "--cert-dir", certs, "--address", HOST, "--port", "0", "--threads", "2",
             "--request-timeout", str(REQUEST_TIMEOUT), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.port = None
        self.ready = threading.Event()
        # Cleared, the reader stops taking lines off the pipe, like a log collector that stalls.
        self.reading = threading.Event()
        self.reading.set()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not self.ready.wait(15):
            self.kill()
            raise RuntimeError("serve did not log `listening` within 15 s: " + "".join(self.lines[-5:]))

    def _read(self):
        for raw in self.process.stdout:
            self.reading.wait()
            line = raw.decode(errors="replace")
            try:
                entry = json.loads(line)
            except ValueError:
                # Not a log line: a crash or a sanitizer report (when run against an instrumented build). Shown as is.
                entry = {"msg": line.strip()}
                sys.stderr.write("server: " + line)
            with self.lock:
                self.lines.append(entry)
                if len(self.lines) > 200_000:
                    del self.lines[:100_000]
            if entry.get("msg") == "listening":
                self.port = entry["port"]
                self.ready.set()

    def log(self, message):
        with self.lock:
            return [line for line in self.lines if line.get("msg") == message]

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process.poll() is None

    def rss_kib(self):
        return status_field(self.pid, "VmRSS")

    def fd_count(self):
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return -1

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self, timeout=30):
        """SIGTERM and wait; returns the exit status (None if it had to be killed)."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        if self.alive():
            self.process.kill()
            self.process.wait(10)


def status_field(pid, name):
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(name + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def wait_until(condition, seconds, step=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


class Row:
    def __init__(self, name, done, sent=0, answered=0, failed=0, crashes=0, rss_before=0, rss_after=0, passed=True,
                 note=""):
        self.name, self.done, self.sent, self.answered, self.failed = name, done, sent, answered, failed
        self.crashes, self.rss_before, self.rss_after, self.passed, self.note = crashes, rss_before, rss_after, passed, note


def crashes_of(server):
    return 0 if server.alive() else 1


def settle_rss(server, before, seconds=5):
    """RSS once it stops falling (allocator trimming), at most `seconds` later."""
    deadline = time.monotonic() + seconds
    value = server.rss_kib()
    while time.monotonic() < deadline and value > before + 4096:
        time.sleep(0.5)
        value = server.rss_kib()
    return value


def safe(function):
    try:
        return function()
    except Exception:
        return False


def wait_fds(server, baseline, seconds=REQUEST_TIMEOUT + 3):
    wait_until(lambda: server.fd_count() <= baseline, seconds, 0.2)
    return server.fd_count()
