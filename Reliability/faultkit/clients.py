"""HTTP/1.1 over TLS: the well-behaved client, response reading, and the scenario context."""
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
from .harness import *  # noqa: F401,F403


def review_body(uid=None):
    with open(os.path.join(ROOT, "deploy", "examples", "review-valid.json"), "rb") as handle:
        review = json.load(handle)
    review["request"]["uid"] = uid or str(uuid.uuid4())
    return json.dumps(review).encode()


class TLS:
    def __init__(self, certs):
        self.context = ssl.create_default_context(cafile=os.path.join(certs, "ca.crt"))
        self.context.set_alpn_protocols(["http/1.1"])
        self.h2 = ssl.create_default_context(cafile=os.path.join(certs, "ca.crt"))
        self.h2.set_alpn_protocols(["h2"])

    def connect(self, port, h2=False, timeout=10):
        raw = socket.create_connection((HOST, port), timeout=timeout)
        try:
            return (self.h2 if h2 else self.context).wrap_socket(raw, server_hostname="localhost")
        except BaseException:
            raw.close()
            raise


class ConnectionClosed(Exception):
    def __init__(self, partial):
        super().__init__("connection closed" + (" mid-response" if partial else " before a response"))
        self.partial = partial


def read_response(sock):
    """Reads one HTTP/1.1 response (Content-Length framed, as the server answers); returns (status, headers, body).
    Raises ConnectionClosed with `partial` telling whether any byte of it had arrived."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionClosed(bool(data))
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionClosed(True)
        rest += chunk
    return status, headers, rest[:length]


def post(sock, body, path="/validate"):
    sock.sendall(b"POST " + path.encode() + b" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                 b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    return read_response(sock)


class NormalClient:
    """The well-behaved client: one keep-alive connection at a time, reviews in sequence, each latency recorded.
    A failed request (error, non-200, wrong answer) is counted and the connection replaced."""

    def __init__(self, tls, port):
        self.tls, self.port = tls, port
        self.latencies, self.sent, self.ok, self.failed, self.errors = [], 0, 0, 0, []
        self.answered_uids = set()
        self.sock = None

    def request(self):
        uid = str(uuid.uuid4())
        body = review_body(uid)
        self.sent += 1
        started = time.perf_counter()
        try:
            if self.sock is None:
                self.sock = self.tls.connect(self.port)
            status, headers, answer = post(self.sock, body)
            elapsed = time.perf_counter() - started
            if status != 200 or uid.encode() not in answer:
                raise RuntimeError(f"status {status}: {answer[:100]!r}")
            self.ok += 1
            self.answered_uids.add(uid)
            self.latencies.append(elapsed)
            if headers.get("connection", "").lower() == "close":
                self.close()
        except Exception as error:  # every failure is a counted result, not a crash of the driver
            self.failed += 1
            self.errors.append(repr(error))
            self.close()

    def run(self, count=None, seconds=None, stop=None):
        deadline = time.monotonic() + (seconds or 3600)
        limit = count or 10_000_000
        for _ in range(limit):
            if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                break
            self.request()
        self.close()
        return self

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None

    def p99_ms(self):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]


def healthy(tls, port, attempts=20):
    """One review succeeds within `attempts` tries, 0.25 s apart."""
    for _ in range(attempts):
        client = NormalClient(tls, port).run(count=1)
        if client.ok == 1:
            return True
        time.sleep(0.25)
    return False


def recv_until_closed(sock, seconds):
    """Reads until the peer closes (True) or `seconds` pass (False); data is discarded."""
    sock.settimeout(0.5)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if not sock.recv(65536):
                return True
        except (socket.timeout, ssl.SSLWantReadError):
            continue
        except (ConnectionError, ssl.SSLError, OSError):
            return True
    return False


def linger_reset(sock):
    """Close with RST instead of FIN: the client vanishes."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


class Context:
    def __init__(self, binary, certs, soak_seconds):
        self.binary, self.certs, self.soak_seconds = binary, certs, soak_seconds
        self.tls = TLS(certs)
        self.server = None

    def start(self, extra=(), prefix=()):
        self.server = Server(self.binary, self.certs, extra, prefix)
        return self.server

    def calm_p99(self, count=400):
        client = NormalClient(self.tls, self.server.port).run(count=count)
        return client


def client_hello():
    """A real TLS ClientHello, from an SSLObject over memory BIOs."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = context.wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()
