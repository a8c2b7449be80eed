"""HTTP/2 floods and stalls."""
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
from .attacker import *  # noqa: F401,F403


def h2_abuse(ctx, label, done, attack, expect, enough=lambda frames: False):
    """Runs `attack(conn)` on 10 connections; each must end the way `expect(conn, frames)` says within 13 s. Reading
    stops early once `enough(frames)`."""
    server = ctx.server
    before = server.rss_kib()
    fds = server.fd_count()
    sent = answered = failed = 0
    notes = set()
    for _ in range(10):
        sent += 1
        try:
            conn = H2Conn(ctx.tls, server.port)
            attack(conn)
            frames = []
            for item in conn.frames(REQUEST_TIMEOUT + 8):
                frames.append(item)
                if enough(frames):
                    break
            conn.close()
            verdict = expect(conn, frames)
            notes.add(describe_end(conn, frames))
            if verdict:
                answered += 1
            else:
                failed += 1
        except Exception as error:
            failed += 1
            notes.add(repr(error))
    ok = healthy(ctx.tls, server.port)
    fds_after = wait_fds(server, fds)
    passed = failed == 0 and ok and fds_after <= fds and crashes_of(server) == 0
    return Row(label, done, sent, answered, failed, crashes_of(server), before, server.rss_kib(), passed,
               "; ".join(sorted(notes)) + f"; fds {fds} -> {fds_after}")


def scenario_rapid_reset(ctx):
    def attack(conn):
        batch = b"".join(frame(HEADERS, END_HEADERS | END_STREAM, i, bytes([0x82, 0x87, 0x84]) + hpack_literal(1, b"a"))
                         + frame(RST_STREAM, 0, i, struct.pack(">I", 8)) for i in range(1, 2001, 2))
        conn.send(batch)
    return h2_abuse(ctx, "h2 rapid reset", "1,000 HEADERS+RST_STREAM pairs at once, 10 connections", attack,
                    ended_by_server)


def scenario_settings_flood(ctx):
    return h2_abuse(ctx, "h2 SETTINGS flood", "10,000 SETTINGS frames, ACKs never read, 10 connections",
                    lambda conn: conn.send(frame(SETTINGS, 0, 0, struct.pack(">HI", 3, 100)) * 10_000),
                    ended_by_server)


def scenario_ping_flood(ctx):
    return h2_abuse(ctx, "h2 PING flood", "10,000 PINGs, ACKs never read, 10 connections",
                    lambda conn: conn.send(frame(PING, 0, 0, b"12345678") * 10_000),
                    ended_by_server)


def scenario_hpack(ctx):
    def attack(conn):
        # A 64 KiB header value over HEADERS + CONTINUATION frames (the server allows 16 KiB of header list).
        name = b"x-padding"
        value = b"v" * (64 << 10)
        literal = bytes([0x00]) + bytes([len(name)]) + name + encode_length(len(value)) + value
        payload = h2_request_block() + literal
        pieces = [payload[i:i + 16384] for i in range(0, len(payload), 16384)]
        data = frame(HEADERS, 0, 1, pieces[0])
        for index, piece in enumerate(pieces[1:], 1):
            data += frame(CONTINUATION, END_HEADERS if index == len(pieces) - 1 else 0, 1, piece)
        conn.send(data + frame(DATA, END_STREAM, 1, b"{}"))
    def answered(frames):
        return any(k in (HEADERS, RST_STREAM, GOAWAY) and (k == GOAWAY or s == 1) for k, _, s, _ in frames)

    def expect(conn, frames):
        code = goaway_code(frames)
        status_431 = any(k == HEADERS and b"431" in p for k, _, _, p in frames)
        reset = any(k == RST_STREAM for k, _, _, _ in frames)
        return code is not None or status_431 or reset
    return h2_abuse(ctx, "h2 oversized HPACK headers", "a 64 KiB header value in HEADERS+CONTINUATION, 10 connections",
                    attack, expect, answered)


def scenario_zero_window(ctx):
    server = ctx.server
    before = server.rss_kib()
    fds = server.fd_count()
    sent = answered = failed = 0
    notes = set()
    conns = []
    # SETTINGS_INITIAL_WINDOW_SIZE = 0: the server can send HEADERS but no DATA, ever.
    for _ in range(20):
        sent += 1
        try:
            conn = H2Conn(ctx.tls, server.port, settings=struct.pack(">HI", 4, 0))
            body = review_body()
            conn.send(frame(HEADERS, END_HEADERS, 1, h2_request_block()) + frame(DATA, END_STREAM, 1, body))
            conns.append(conn)
        except Exception as error:
            failed += 1
            notes.add(repr(error))
    fds_loaded = server.fd_count()
    # The server must not hold these forever: the stream is reset once it outlives the request timeout (swept once a
    # second), so each connection sees RST_STREAM(CANCEL) on stream 1 within the timeout plus slack.
    outcomes = []

    def watch(conn):
        started = time.monotonic()
        for kind, _, stream, payload in conn.frames(REQUEST_TIMEOUT + 5):
            if kind == RST_STREAM and stream == 1:
                outcomes.append((int.from_bytes(payload[:4], "big"), time.monotonic() - started))
                break
        else:
            outcomes.append((None, time.monotonic() - started))
        conn.close()

    watchers = [threading.Thread(target=watch, args=(conn,)) for conn in conns]
    for thread in watchers:
        thread.start()
    for thread in watchers:
        thread.join(REQUEST_TIMEOUT + 30)
    for code, elapsed in outcomes:
        if code == 8:
            answered += 1
        else:
            failed += 1
    if outcomes:
        notes.add(f"RST_STREAM CANCEL on {answered}/{len(conns)} after at most {max(e for _, e in outcomes):.1f} s")
    ok = healthy(ctx.tls, server.port)
    fds_after = wait_fds(server, fds)
    passed = failed == 0 and ok and fds_after <= fds and crashes_of(server) == 0
    return Row("h2 zero window", "20 connections with INITIAL_WINDOW_SIZE 0 and a request, window never opened", sent,
               answered, failed, crashes_of(server), before, server.rss_kib(), passed,
               "; ".join(sorted(notes)) + f"; fds {fds} -> {fds_loaded} -> {fds_after}")
