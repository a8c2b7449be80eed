"""Attackers run as separate processes so that their work does not slow the measuring client down (the GIL)."""
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
from .clients import *  # noqa: F401,F403


# The command line the attacker processes run: `faults.py --attacker ...`.
FAULTS_SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "faults.py")


def attacker_main(kind, port, count, seconds, ca):
    """`faults.py --attacker KIND PORT COUNT SECONDS CA`: opens COUNT connections, prints `ready N`, keeps them for
    SECONDS (idle: sending nothing; dribble: one header byte per second each, after the TLS handshake), then prints
    `done SENT CUTOFF`: bytes sent, and connections the server closed."""
    sockets = []
    tls = TLS(os.path.dirname(ca))
    deadline = time.monotonic() + seconds + 60
    for _ in range(count):
        if time.monotonic() > deadline:
            break
        try:
            if kind == "idle":
                sockets.append(socket.create_connection((HOST, port), timeout=10))
            else:
                sock = tls.connect(port)
                sock.setblocking(False)
                sockets.append(sock)
        except OSError:
            pass
    print(f"ready {len(sockets)}", flush=True)
    header = b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
    sent, cut, closed = 0, 0, set()
    end = time.monotonic() + seconds
    position = 0
    while time.monotonic() < end:
        tick = time.monotonic()
        if kind == "dribble":
            byte = header[position % len(header):position % len(header) + 1]
            position += 1
            for index, sock in enumerate(sockets):
                if index in closed:
                    continue
                try:
                    sock.send(byte)
                    sent += 1
                except (ssl.SSLWantWriteError, ssl.SSLWantReadError, BlockingIOError):
                    pass
                except OSError:
                    closed.add(index)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    for index, sock in enumerate(sockets):
        if index in closed:
            cut += 1
            continue
        try:
            sock.setblocking(False)
            data = sock.recv(4096)
            if data == b"" or b" 408 " in data:
                cut += 1
        except (BlockingIOError, ssl.SSLWantReadError):
            pass
        except OSError:
            cut += 1
        sock.close()
    print(f"done {sent} {cut}", flush=True)


class Attacker:
    def __init__(self, kind, port, count, seconds, ca):
        self.process = subprocess.Popen(
            [sys.executable, FAULTS_SCRIPT, "--attacker", kind, str(port), str(count), str(seconds), ca],
            stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().split()
        self.opened = int(line[1]) if line and line[0] == "ready" else 0

    def finish(self, timeout):
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        parts = out.split()
        return (int(parts[1]), int(parts[2])) if len(parts) == 3 and parts[0] == "done" else (0, 0)
