"""Certificate rotation, SIGTERM under load, descriptor exhaustion."""
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
from .attacker import *  # noqa: F401,F403


def scenario_rotation(ctx):
    server = ctx.server
    before = server.rss_kib()
    stop = threading.Event()
    serials = set()
    lock = threading.Lock()
    clients = []

    def worker():
        client = NormalClient(ctx.tls, server.port)
        clients.append(client)
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            client.request()
            if client.sock is not None:
                with lock:
                    serials.add(client.sock.getpeercert()["serialNumber"])
            # New connections often, so that new handshakes meet each new certificate.
            if client.sent % 5 == 0:
                client.close()
        client.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    reloads_before = len(server.log("certificate reloaded"))
    for serial in range(1000, 1005):
        time.sleep(2.5)
        new_server_pair(ctx.certs, serial)
    wait_until(lambda: len(server.log("certificate reloaded")) - reloads_before >= 5, 10)
    time.sleep(2)
    stop.set()
    for thread in threads:
        thread.join(30)
    reloads = len(server.log("certificate reloaded")) - reloads_before
    sent = sum(c.sent for c in clients)
    ok = sum(c.ok for c in clients)
    failed = sum(c.failed for c in clients)
    passed = failed == 0 and reloads == 5 and crashes_of(server) == 0
    return Row("certificate rotation", "5 new key pairs swapped in, 2.5 s apart, under 4 clients reconnecting", sent,
               ok, failed, crashes_of(server), before, server.rss_kib(), passed,
               f"{reloads} reloads logged; {len(serials)} serials served")


def scenario_sigterm(ctx):
    """A server of its own: SIGTERM while 8 clients send reviews; every review the server logged as answered must have
    reached its client whole, and the process exits 0."""
    server = Server(ctx.binary, ctx.certs, ["--shutdown-grace", "10"])
    before = server.rss_kib()
    stop = threading.Event()
    results = []
    lock = threading.Lock()

    def worker(index):
        sock = None
        complete, partial, refused, unanswered = set(), 0, 0, 0
        deadline = time.monotonic() + 30
        while not stop.is_set() and time.monotonic() < deadline:
            uid = str(uuid.uuid4())
            try:
                if sock is None:
                    sock = ctx.tls.connect(server.port)
                status, headers, answer = post(sock, review_body(uid))
                if status == 200 and uid.encode() in answer:
                    complete.add(uid)
                if headers.get("connection") == "close":
                    sock.close()
                    sock = None
            except ConnectionClosed as closed:
                if closed.partial:
                    partial += 1
                else:
                    unanswered += 1
                sock = None
            except (ConnectionRefusedError, ssl.SSLError, ConnectionResetError, OSError):
                refused += 1
                sock = None
                if not server.alive():
                    break
        with lock:
            results.append((complete, partial, refused, unanswered))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    server.process.send_signal(signal.SIGTERM)
    try:
        status = server.process.wait(30)
    except subprocess.TimeoutExpired:
        status = None
        server.kill()
    stop.set()
    for thread in threads:
        thread.join(30)
    server.reader.join(5)
    complete = set().union(*(r[0] for r in results))
    partial = sum(r[1] for r in results)
    refused = sum(r[2] for r in results)
    unanswered = sum(r[3] for r in results)
    logged = {line.get("uid") for line in server.log("review")}
    lost = logged - complete
    sent = len(complete) + partial + refused + unanswered
    passed = status == 0 and not lost and partial == 0
    return Row("SIGTERM under load", "8 clients sending reviews; SIGTERM after 3 s; grace 10 s", sent, len(complete),
               len(lost) + partial, 0 if status == 0 else 1, before, -1, passed,
               f"exit {status}; {len(logged)} reviews answered by the server, {len(lost)} of them lost; "
               f"{unanswered} sent on connections the server had closed, {refused} connections refused after")


def scenario_fd_exhaustion(ctx):
    """A server of its own with 64 descriptors: hold connections until accept fails, measure its CPU while saturated,
    free them, and check service resumes."""
    server = Server(ctx.binary, ctx.certs, prefix=["prlimit", "--nofile=64:64", "--"])
    before = server.rss_kib()
    held = []
    for _ in range(120):
        try:
            held.append(socket.create_connection((HOST, server.port), timeout=5))
        except OSError:
            break
    wait_until(lambda: server.log("accept failed"), 5)
    fds = server.fd_count()
    cpu_start, wall_start = server.cpu_seconds(), time.monotonic()
    time.sleep(3)
    cpu = (server.cpu_seconds() - cpu_start) / (time.monotonic() - wall_start)
    # A review while saturated cannot be accepted; it must not be lost either: it is served once fds free up.
    failures = len(server.log("accept failed"))
    for sock in held:
        sock.close()
    resumed_at = time.monotonic()
    ok = healthy(ctx.tls, server.port, attempts=40)
    resumed = time.monotonic() - resumed_at
    client = NormalClient(ctx.tls, server.port).run(count=50)
    after = server.rss_kib()
    status = server.stop()
    passed = cpu < 0.2 and ok and client.failed == 0 and status == 0 and failures > 0
    return Row("fd exhaustion", f"ulimit -n 64; {len(held)} connections held, accept fails (EMFILE); then freed",
               client.sent + 1, client.ok + (1 if ok else 0), client.failed + (0 if ok else 1),
               0 if status == 0 else 1, before, after, passed,
               f"{fds} fds in use; CPU while saturated {cpu * 100:.1f}% of a core (limit 20%); "
               f"{failures} accept-failure log lines in 3 s; served again {resumed:.1f} s after freeing")
