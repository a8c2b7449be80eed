"""HTTP/2 by hand: the few frames and HPACK literals the abuse and drain scenarios need."""
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


PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = 0, 1, 3, 4, 6, 7, 8, 9


END_STREAM, END_HEADERS = 0x1, 0x4


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def hpack_literal(name_index, value):
    """Literal header field without indexing, name from the static table, value as a raw string (RFC 7541 6.2.2,
    5.2): the name index with a 4-bit prefix, the length with a 7-bit prefix."""
    def integer(value, prefix_bits, first):
        limit = (1 << prefix_bits) - 1
        if value < limit:
            return bytes([first | value])
        out = [first | limit]
        value -= limit
        while value >= 128:
            out.append(value % 128 + 128)
            value //= 128
        out.append(value)
        return bytes(out)
    return integer(name_index, 4, 0) + integer(len(value), 7, 0) + value


def h2_request_block(path=b"/validate", extra=b""):
    # :method POST (static 3), :scheme https (7), :path (4), :authority (1), content-type (31).
    return (bytes([0x83, 0x87]) + hpack_literal(4, path) + hpack_literal(1, b"localhost")
            + hpack_literal(31, b"application/json") + extra)


class H2Conn:
    def __init__(self, tls, port, settings=b""):
        self.sock = tls.connect(port, h2=True)
        if self.sock.selected_alpn_protocol() != "h2":
            raise RuntimeError("server did not choose h2")
        self.sock.sendall(PREFACE + frame(SETTINGS, 0, 0, settings))
        self.buffer = b""
        self.ended_by_peer = False

    def frames(self, seconds):
        """Yields (type, flags, stream, payload) until the peer closes (then `ended_by_peer` is set; a close right
        after a GOAWAY may arrive as a reset that drops the GOAWAY) or `seconds` pass."""
        self.sock.settimeout(0.5)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            while len(self.buffer) >= 9:
                length = int.from_bytes(self.buffer[:3], "big")
                if len(self.buffer) < 9 + length:
                    break
                kind, flags = self.buffer[3], self.buffer[4]
                stream = int.from_bytes(self.buffer[5:9], "big") & 0x7FFFFFFF
                payload = self.buffer[9:9 + length]
                self.buffer = self.buffer[9 + length:]
                yield kind, flags, stream, payload
            try:
                chunk = self.sock.recv(65536)
            except (socket.timeout, ssl.SSLWantReadError):
                continue
            except (ConnectionError, ssl.SSLError, OSError):
                self.ended_by_peer = True
                return
            if not chunk:
                self.ended_by_peer = True
                return
            self.buffer += chunk

    def send(self, data):
        try:
            self.sock.sendall(data)
            return True
        except (ConnectionError, ssl.SSLError, OSError):
            return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


GOAWAY_CODES = {0: "NO_ERROR", 1: "PROTOCOL_ERROR", 2: "INTERNAL_ERROR", 3: "FLOW_CONTROL_ERROR", 6: "FRAME_SIZE_ERROR",
                7: "REFUSED_STREAM", 11: "ENHANCE_YOUR_CALM", 9: "COMPRESSION_ERROR"}


def goaway_code(frames):
    for kind, _, _, payload in frames:
        if kind == GOAWAY and len(payload) >= 8:
            return int.from_bytes(payload[4:8], "big")
    return None


def describe_end(conn, frames):
    code = goaway_code(frames)
    if code is not None:
        return "GOAWAY " + GOAWAY_CODES.get(code, str(code))
    if conn.ended_by_peer:
        return "closed by the server"
    resets = [int.from_bytes(p[:4], "big") for k, _, _, p in frames if k == RST_STREAM]
    statuses = [p for k, _, _, p in frames if k == HEADERS]
    if resets:
        return f"RST_STREAM code {resets[0]}"
    return f"{len(statuses)} responses, no GOAWAY"


def ended_by_server(conn, frames):
    return goaway_code(frames) is not None or conn.ended_by_peer


def encode_length(value):
    if value < 127:
        return bytes([value])
    out = [127]
    value -= 127
    while value >= 128:
        out.append(value % 128 + 128)
        value //= 128
    out.append(value)
    return bytes(out)
