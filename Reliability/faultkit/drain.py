"""Keep-alive connections busy across SIGTERM, HTTP/1.1 and HTTP/2: nothing that reaches the server is lost."""
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
from .http2 import *  # noqa: F401,F403


DRAIN_RUNS = 5


DRAIN_GRACE = 6.0


DRAIN_WINDOW = DRAIN_GRACE / 2


class DrainTally:
    """What the clients of one drain run saw. `lost`: a request whose bytes were all sent and that got no complete
    answer, although the server had not told the client to stop (HTTP/1.1: no `Connection: close` before it, no
    close noticed before sending; HTTP/2: a stream at or below the final GOAWAY's last stream id)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.sent = self.answered = self.lost = self.refused = self.after_goaway = 0
        self.errors = []
        self.idle_closed_after = []

    def add(self, **counts):
        with self.lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def error(self, text):
        with self.lock:
            if len(self.errors) < 5:
                self.errors.append(text)


def closed_while_idle(sock):
    """What an HTTP client's pool does before reusing a connection (Go's transport reads in the background): a
    connection the server has closed is not used. True when the server has closed it."""
    import select
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        sock.setblocking(False)
        return sock.recv(1) == b""
    except (ssl.SSLWantReadError, BlockingIOError):
        return False
    except (ConnectionError, ssl.SSLError, OSError):
        return True
    finally:
        sock.setblocking(True)


def drain_http1_worker(ctx, port, tally, stop, start_after=None, signalled=None):
    """Reviews back to back on one keep-alive connection, reconnecting after `Connection: close`, until a
    connection is refused. With `start_after` (seconds after SIGTERM), the connection is opened and used once
    before SIGTERM, then stays idle in the pool until then: the pooled client of the apiserver."""
    sock = None
    first = True
    deadline = time.monotonic() + 30
    while not stop.is_set() and time.monotonic() < deadline:
        if start_after is not None and not first:
            if not signalled.wait(20):
                break
            time.sleep(max(0.0, signalled.at + start_after - time.monotonic()))
            start_after = None
        first = False
        try:
            if sock is not None and closed_while_idle(sock):
                sock.close()
                sock = None
            if sock is None:
                sock = ctx.tls.connect(port)
        except OSError:
            tally.add(refused=1)
            break
        uid = str(uuid.uuid4())
        body = review_body(uid)
        try:
            sock.sendall(b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        except OSError as error:
            # Not all of it reached the server: a client retries such a request.
            tally.add(refused=1)
            tally.error(f"send: {error!r}")
            break
        tally.add(sent=1)
        try:
            status, headers, answer = read_response(sock)
        except (ConnectionClosed, OSError) as error:
            tally.add(lost=1)
            tally.error(f"http/1.1 {error!r}")
            sock.close()
            sock = None
            continue
        if status == 200 and uid.encode() in answer:
            tally.add(answered=1)
        else:
            tally.add(lost=1)
            tally.error(f"http/1.1 status {status}")
        if headers.get("connection", "").lower() == "close":
            sock.close()
            sock = None
        if start_after is not None:
            continue
        time.sleep(random.uniform(0, 0.004))
    if sock is not None:
        sock.close()


def drain_idle_worker(ctx, port, tally, signalled):
    """A pooled connection that is never used again: it must stay open through the drain window and then be closed
    with a FIN (read as end of stream), not a reset."""
    try:
        sock = ctx.tls.connect(port)
        status, _, _ = post(sock, review_body())
    except (OSError, ConnectionClosed) as error:
        tally.error(f"idle: {error!r}")
        return
    tally.add(sent=1, answered=1 if status == 200 else 0)
    if not signalled.wait(20):
        sock.close()
        return
    sock.settimeout(DRAIN_GRACE + 5)
    try:
        ended = sock.recv(1) == b""
    except (ConnectionError, ssl.SSLError, OSError) as error:
        ended = False
        tally.error(f"idle connection: {error!r}")
    tally.idle_closed_after.append((time.monotonic() - signalled.at, ended))
    sock.close()


def drain_h2_worker(ctx, port, tally, stop, concurrent=4):
    """`concurrent` reviews at a time on one HTTP/2 connection, answering PING and SETTINGS as a client must, and
    opening no stream after a GOAWAY (RFC 9113 section 6.8); reconnects until refused."""
    deadline = time.monotonic() + 30
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            conn = H2Conn(ctx.tls, port)
        except (OSError, RuntimeError):
            tally.add(refused=1)
            return
        next_id, goaway_last, open_streams = 1, None, {}
        saw_goaway = False
        ended = False
        while not ended and not stop.is_set() and time.monotonic() < deadline:
            if not saw_goaway and not open_streams:
                batch = b""
                for _ in range(concurrent):
                    uid = str(uuid.uuid4())
                    body = review_body(uid)
                    block = h2_request_block(extra=hpack_literal(28, str(len(body)).encode()))
                    batch += frame(HEADERS, END_HEADERS, next_id, block) + frame(DATA, END_STREAM, next_id, body)
                    open_streams[next_id] = [uid.encode(), b""]
                    next_id += 2
                if not conn.send(batch):
                    tally.add(refused=len(open_streams))
                    open_streams.clear()
                    break
                tally.add(sent=len(open_streams))
            if not open_streams and saw_goaway:
                # Nothing in flight after a GOAWAY: a client closes this connection and opens another.
                break
            progressed = False
            for kind, flags, stream, payload in conn.frames(5):
                progressed = True
                if kind == PING and not flags & 0x1:
                    conn.send(frame(PING, 0x1, 0, payload))
                elif kind == SETTINGS and not flags & 0x1:
                    conn.send(frame(SETTINGS, 0x1, 0))
                elif kind == GOAWAY:
                    saw_goaway = True
                    last = int.from_bytes(payload[:4], "big") & 0x7FFFFFFF
                    goaway_last = last if goaway_last is None else min(goaway_last, last)
                elif kind == DATA and stream in open_streams:
                    open_streams[stream][1] += payload
                    if payload:
                        conn.send(frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", len(payload))))
                    if flags & END_STREAM:
                        uid, answer = open_streams.pop(stream)
                        if uid in answer:
                            tally.add(answered=1)
                        else:
                            tally.add(lost=1)
                            tally.error(f"h2 stream {stream}: {answer[:80]!r}")
                elif kind == HEADERS and stream in open_streams and flags & END_STREAM:
                    open_streams.pop(stream)
                    tally.add(lost=1)
                    tally.error(f"h2 stream {stream}: answered without a body")
                elif kind == RST_STREAM and stream in open_streams:
                    open_streams.pop(stream)
                    code = int.from_bytes(payload[:4], "big")
                    if code == 7:  # REFUSED_STREAM: not processed, a client retries it
                        tally.add(after_goaway=1)
                    else:
                        tally.add(lost=1)
                        tally.error(f"h2 stream {stream}: RST_STREAM {code}")
                if not open_streams:
                    break
            if conn.ended_by_peer or not progressed:
                ended = True
        for stream in open_streams:
            if goaway_last is not None and stream > goaway_last:
                tally.add(after_goaway=1)
            else:
                tally.add(lost=1)
                tally.error(f"h2 stream {stream} unanswered (GOAWAY last stream {goaway_last})")
        conn.close()


def drain_run(ctx):
    """One server, 6 HTTP/1.1 clients busy, 2 pooled HTTP/1.1 connections that send once more 0.2 s and 1.5 s after
    SIGTERM, one pooled connection never used again, 3 HTTP/2 clients with 4 streams at a time; SIGTERM after 1.5 s."""
    server = Server(ctx.binary, ctx.certs, ["--shutdown-grace", str(DRAIN_GRACE)])
    tally = DrainTally()
    stop = threading.Event()
    signalled = threading.Event()
    threads = [threading.Thread(target=drain_http1_worker, args=(ctx, server.port, tally, stop)) for _ in range(6)]
    threads += [threading.Thread(target=drain_http1_worker, args=(ctx, server.port, tally, stop, delay, signalled))
                for delay in (0.2, 1.5)]
    threads.append(threading.Thread(target=drain_idle_worker, args=(ctx, server.port, tally, signalled)))
    threads += [threading.Thread(target=drain_h2_worker, args=(ctx, server.port, tally, stop)) for _ in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    signalled.at = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    signalled.set()
    try:
        status = server.process.wait(DRAIN_GRACE + 10)
    except subprocess.TimeoutExpired:
        status = None
        server.kill()
    exited_after = time.monotonic() - signalled.at
    stop.set()
    for thread in threads:
        thread.join(30)
    server.reader.join(5)
    return tally, status, exited_after


def scenario_drain(ctx):
    """Keep-alive connections busy across SIGTERM, HTTP/1.1 and HTTP/2, DRAIN_RUNS times: every request whose bytes
    reached the server is answered, a pooled connection is closed only after the drain window, and exit is 0."""
    totals = DrainTally()
    statuses, exits, idle = [], [], []
    for _ in range(DRAIN_RUNS):
        tally, status, exited_after = drain_run(ctx)
        statuses.append(status)
        exits.append(exited_after)
        idle += tally.idle_closed_after
        totals.add(sent=tally.sent, answered=tally.answered, lost=tally.lost, refused=tally.refused,
                   after_goaway=tally.after_goaway)
        for error in tally.errors:
            totals.error(error)
    idle_ok = len(idle) == DRAIN_RUNS and all(ended and after >= DRAIN_WINDOW * 0.9 for after, ended in idle)
    passed = totals.lost == 0 and all(status == 0 for status in statuses) and idle_ok
    note = (f"{DRAIN_RUNS} runs; {totals.lost} lost; exit {sorted(set(statuses), key=str)} after "
            f"{min(exits):.1f}-{max(exits):.1f} s; unused pooled connection closed after "
            f"{', '.join(f'{after:.1f} s' + ('' if ended else ' (reset)') for after, ended in idle)}; "
            f"{totals.refused} connections refused after the drain, {totals.after_goaway} h2 streams past GOAWAY")
    if totals.errors:
        note += "; first errors: " + "; ".join(totals.errors)
    return Row("drain", f"keep-alive HTTP/1.1 and h2 busy across SIGTERM, {DRAIN_RUNS} runs; grace {DRAIN_GRACE:g} s",
               totals.sent, totals.answered, totals.lost, sum(1 for s in statuses if s != 0), -1, -1, passed, note)
