"""Slow, broken and greedy HTTP/1.1 clients, and the soak."""
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


def scenario_calm(ctx):
    server = ctx.server
    before = server.rss_kib()
    client = ctx.calm_p99(1000)
    ctx.calm = client.p99_ms()
    return Row("calm baseline", "1,000 reviews in sequence on one keep-alive connection", client.sent, client.ok,
               client.failed, crashes_of(server), before, server.rss_kib(), client.failed == 0,
               f"p99 {client.p99_ms():.2f} ms")


def slow_clients(ctx, kind, label):
    server = ctx.server
    port = server.port
    calm = ctx.calm_p99()
    before = server.rss_kib()
    # The dribblers are cut off with a 408 after --request-timeout; the scenario runs a bit longer than that.
    seconds = REQUEST_TIMEOUT + 3 if kind == "dribble" else 8
    attacker = Attacker(kind, port, 1000, seconds, os.path.join(ctx.certs, "ca.crt"))
    fds_loaded = server.fd_count()
    client = NormalClient(ctx.tls, port).run(seconds=seconds - 1)
    sent, cut = attacker.finish(seconds + 90)
    after = server.rss_kib()
    limit = max(2 * calm.p99_ms(), calm.p99_ms() + LATENCY_SLACK_MS)
    passed = client.failed == 0 and client.ok > 0 and client.p99_ms() <= limit and attacker.opened == 1000
    if kind == "dribble":
        passed = passed and cut == attacker.opened
    note = (f"{attacker.opened} held ({fds_loaded} server fds); client p99 {client.p99_ms():.2f} ms vs calm "
            f"{calm.p99_ms():.2f} ms (limit {limit:.2f})")
    if kind == "dribble":
        note += f"; {sent} dribbled bytes, {cut}/{attacker.opened} cut off by 408/close"
    return Row(label, f"1,000 connections {'idle' if kind == 'idle' else 'sending one header byte a second'}; "
               "normal client meanwhile", client.sent, client.ok, client.failed, crashes_of(server), before, after,
               passed and crashes_of(server) == 0, note)


def scenario_idle(ctx):
    return slow_clients(ctx, "idle", "1,000 idle connections")


def scenario_dribble(ctx):
    return slow_clients(ctx, "dribble", "1,000 slowloris connections")


def scenario_oversized(ctx):
    server = ctx.server
    before = server.rss_kib()
    sent = answered = failed = 0
    notes = []
    limit = 7 * 1024 * 1024
    # Content-Length over the limit: 413 before any body is read, connection closed.
    for _ in range(100):
        sent += 1
        try:
            sock = ctx.tls.connect(server.port)
            sock.sendall(b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(limit + 1).encode() + b"\r\n\r\n" + b"{" * 4096)
            status, headers, _ = read_response(sock)
            closed = recv_until_closed(sock, 5)
            sock.close()
            if status == 413 and closed:
                answered += 1
            else:
                failed += 1
        except Exception as error:
            failed += 1
            notes.append(repr(error))
    # Chunked over the limit: the body is read up to the limit, then 413; 4 at once, 5 rounds.
    def chunked():
        sock = ctx.tls.connect(server.port, timeout=30)
        sock.sendall(b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
        try:
            for _ in range(limit // 0x10000 + 16):
                sock.sendall(chunk)
        except (ConnectionError, ssl.SSLError, OSError):
            pass
        try:
            status, _, _ = read_response(sock)
        except ConnectionClosed:
            status = None
        closed = recv_until_closed(sock, 5)
        sock.close()
        return status == 413 and closed
    results = []
    for _ in range(5):
        threads = [threading.Thread(target=lambda: results.append(safe(chunked))) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    sent += len(results)
    answered += results.count(True)
    failed += len(results) - results.count(True)
    ok = healthy(ctx.tls, server.port)
    after = settle_rss(server, before)
    grew = after - before
    passed = failed == 0 and ok and grew <= 16 * 1024 and crashes_of(server) == 0
    return Row("oversized bodies", "100 x Content-Length 7 MiB + 1; 20 x chunked past 7 MiB (4 at once)", sent,
               answered, failed, crashes_of(server), before, after, passed,
               f"413 and close each time; RSS +{grew} KiB after (limit 16 MiB); " + (notes[0] if notes else "")
               + ("" if ok else "; server unhealthy after"))


def scenario_garbage_tls(ctx):
    server = ctx.server
    before = server.rss_kib()
    fds = server.fd_count()
    rng = random.Random(7)
    sent = answered = failed = 0
    payloads = [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"\x00" * 1024, b"\x16\x03\x01\xff\xff" + b"A" * 2000,
                b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"]
    payloads += [bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4096))) for _ in range(196)]
    for payload in payloads:
        sent += 1
        try:
            sock = socket.create_connection((HOST, server.port), timeout=10)
            sock.sendall(payload)
            if recv_until_closed(sock, REQUEST_TIMEOUT + 5):
                answered += 1
            else:
                failed += 1
            sock.close()
        except OSError:
            answered += 1  # reset by the server: closed, which is the expected answer
    ok = healthy(ctx.tls, server.port)
    fds_after = wait_fds(server, fds)
    passed = failed == 0 and ok and fds_after <= fds and crashes_of(server) == 0
    return Row("garbage instead of TLS", "200 connections sending plaintext HTTP, HTTP/2 preface, zeros, random bytes",
               sent, answered, failed, crashes_of(server), before, server.rss_kib(), passed,
               f"each closed by the server; fds {fds} -> {fds_after}")


def scenario_truncated_handshake(ctx):
    server = ctx.server
    before = server.rss_kib()
    fds = server.fd_count()
    hello = client_hello()
    sent = answered = failed = 0
    # Half: cut at every 8th byte then vanish; half: cut and stay silent until the server gives up (handshake deadline).
    cuts = list(range(1, len(hello), max(1, len(hello) // 100)))[:100]
    silent = []
    for index, cut in enumerate(cuts):
        sent += 1
        try:
            sock = socket.create_connection((HOST, server.port), timeout=10)
            sock.sendall(hello[:cut])
            if index % 2 == 0:
                linger_reset(sock)
                sock.close()
                answered += 1
            else:
                silent.append(sock)
        except OSError as error:
            failed += 1
    closed = [recv_until_closed(sock, REQUEST_TIMEOUT + 5) for sock in silent]
    for sock in silent:
        sock.close()
    answered += closed.count(True)
    failed += closed.count(False)
    ok = healthy(ctx.tls, server.port)
    fds_after = wait_fds(server, fds)
    passed = failed == 0 and ok and fds_after <= fds and crashes_of(server) == 0
    return Row("truncated handshakes", f"{len(cuts)} ClientHellos cut short: half reset, half left silent", sent,
               answered, failed, crashes_of(server), before, server.rss_kib(), passed,
               f"silent ones closed by the handshake deadline; fds {fds} -> {fds_after}")


def scenario_vanish(ctx):
    server = ctx.server
    before = server.rss_kib()
    fds = server.fd_count()
    body = review_body()
    sent = 0
    errors = 0
    for index in range(200):
        sent += 1
        try:
            sock = ctx.tls.connect(server.port)
            head = (b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
            if index % 2 == 0:
                # Mid-request: the head and half the body, then a reset.
                sock.sendall(head + body[: len(body) // 2])
            else:
                # Mid-response: 300 pipelined reviews (about 60 KB of answers), then a reset without reading.
                sock.sendall((head + body) * 300)
            linger_reset(sock)
            sock.close()
        except OSError:
            errors += 1
    ok = healthy(ctx.tls, server.port)
    fds_after = wait_fds(server, fds)
    passed = ok and fds_after <= fds and crashes_of(server) == 0 and errors == 0
    return Row("clients vanish", "100 resets mid-request body, 100 resets with 300 pipelined answers unread", sent, 0,
               errors, crashes_of(server), before, server.rss_kib(), passed,
               f"server healthy after; fds {fds} -> {fds_after}")


def scenario_stalled_log_reader(ctx):
    """The process reading the server's stdout stalls (a log collector that hangs): the pipe fills after ~64 KiB
    (~250 review lines). Serving must go on, and every review line must arrive once reading resumes, or be counted
    by a `log lines dropped` line."""
    server = ctx.server
    before = server.rss_kib()
    server.reading.clear()
    try:
        client = NormalClient(ctx.tls, server.port).run(seconds=4)
    finally:
        server.reading.set()
    deadline = time.monotonic() + 20
    logged = dropped = 0
    while time.monotonic() < deadline:
        # This client's own lines, by uid: a line still on its way from an earlier scenario (answers to pipelined
        # reviews of a client that reset) is not one of them.
        logged = sum(1 for entry in server.log("review") if entry.get("uid") in client.answered_uids)
        dropped = sum(entry.get("count", 0) for entry in server.log("log lines dropped"))
        if logged + dropped >= client.ok:
            break
        time.sleep(0.1)
    passed = client.failed == 0 and client.ok >= 1000 and logged + dropped == client.ok and crashes_of(server) == 0
    return Row("stalled log reader", "stdout not read for 4 s while a client sends reviews", client.sent, client.ok,
               client.failed, crashes_of(server), before, server.rss_kib(), passed,
               f"{client.ok} reviews answered while the pipe was full; {logged} review lines arrived after, "
               f"{dropped} dropped and counted" + (f"; {client.errors[0]}" if client.errors else ""))


def scenario_stops_reading(ctx):
    """Clients that send many requests and never read the answers: once the socket buffers are full the server's
    output waits; after the request timeout without progress it must close the connection."""
    server = ctx.server
    before = server.rss_kib()
    fds = server.fd_count()
    request = b"GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"
    socks, outcomes = [], []

    def stuff():
        try:
            raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            raw.settimeout(10)
            raw.connect((HOST, server.port))
            sock = ctx.tls.context.wrap_socket(raw, server_hostname="localhost")
        except OSError:
            outcomes.append("no connection")
            return
        sock.settimeout(0.5)
        socks.append(sock)
        # Keep sending until the server stops reading (its output backs up) or 8 MB are out. The server may already
        # cut the connection here, if its output made no progress for the request timeout meanwhile.
        try:
            for _ in range((8 << 20) // (len(request) * 200)):
                sock.sendall(request * 200)
            outcomes.append("all sent")
        except (socket.timeout, ssl.SSLWantWriteError):
            outcomes.append("server stopped reading")
        except OSError:
            outcomes.append("cut while sending")

    threads = [threading.Thread(target=stuff) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    sent = len(threads)
    failed = outcomes.count("no connection")
    cut_while_sending = outcomes.count("cut while sending")
    fds_loaded = server.fd_count()
    # The deadline counts from the last byte the server's kernel accepted; its send buffer keeps growing for a while
    # (TCP autotuning), so allow twice the timeout plus slack.
    closed = wait_until(lambda: server.fd_count() <= fds, 2 * REQUEST_TIMEOUT + 20, 0.25)
    for sock in socks:
        linger_reset(sock)
        sock.close()
    ok = healthy(ctx.tls, server.port)
    after = settle_rss(server, before)
    passed = closed and failed == 0 and ok and crashes_of(server) == 0
    return Row("clients stop reading", "10 connections pipelining GET /metrics, answers never read", sent,
               len(socks) if closed else 0, failed + (0 if closed else len(socks)), crashes_of(server), before, after,
               passed, f"all closed by the server after the request timeout without write progress "
               f"({cut_while_sending} while the client was still sending); "
               f"fds {fds} -> {fds_loaded} -> {server.fd_count()}")


def scenario_soak(ctx):
    server = ctx.server
    seconds = ctx.soak_seconds
    stop = threading.Event()
    clients = []

    def worker(reconnect):
        client = NormalClient(ctx.tls, server.port)
        clients.append(client)
        deadline = time.monotonic() + seconds + 30
        while not stop.is_set() and time.monotonic() < deadline:
            client.request()
            if reconnect and client.sent % 20 == 0:
                client.close()
            time.sleep(0.002)
        client.close()

    threads = [threading.Thread(target=worker, args=(i % 2 == 0,)) for i in range(4)]
    for thread in threads:
        thread.start()
    samples = []
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        samples.append(server.rss_kib())
        time.sleep(min(5, seconds / 20))
    samples.append(server.rss_kib())
    stop.set()
    for thread in threads:
        thread.join(60)
    # The first tenth is warm-up (allocator arenas, TLS session caches); flat means the end within 10% (and 4 MiB) of
    # the warmed-up level.
    warm = samples[max(1, len(samples) // 10)]
    end = samples[-1]
    limit = warm + max(4096, warm // 10)
    sent = sum(c.sent for c in clients)
    ok = sum(c.ok for c in clients)
    failed = sum(c.failed for c in clients)
    passed = failed == 0 and end <= limit and crashes_of(server) == 0
    return Row("soak", f"{seconds} s of steady load: 4 clients, half reconnecting every 20 reviews", sent, ok, failed,
               crashes_of(server), samples[0], end, passed,
               f"RSS warmed {warm} KiB, end {end} KiB (limit {limit}); min {min(samples)} max {max(samples)}; "
               f"{ok / seconds:.0f} reviews/s")
