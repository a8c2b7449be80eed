#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora into OUT/<target>/: the small hand-made seeds kept in Fuzz/Seeds, the
repository's example reviews and the shared corpus of real-world manifests (../shared/corpus beside the repository),
and HTTP/2 frame sequences built here. Nothing it writes is committed."""
import json
import os
import re
import shutil
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED_CORPUS = os.path.join(ROOT, "..", "shared", "corpus")


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def literal(name_index, value):
    # Literal header field without indexing, name from the static table (RFC 7541 section 6.2.2).
    return bytes([name_index]) + bytes([len(value)]) + value


def request_headers(path=b"/validate"):
    # :method POST (static 3), :scheme https (7), :path, :authority, content-type.
    return (bytes([0x83, 0x87]) + literal(0x04, path) + literal(0x01, b"localhost")
            + bytes([0x0F, 0x10]) + bytes([len(b"application/json")]) + b"application/json")


def http2_seeds():
    settings = frame(0x4, 0, 0, struct.pack(">HI", 0x3, 100) + struct.pack(">HI", 0x4, 65535))
    ack = frame(0x4, 0x1, 0)
    body = b'{"kind":"AdmissionReview"}'
    post = frame(0x1, 0x4, 1, request_headers()) + frame(0x0, 0x1, 1, body)
    get = frame(0x1, 0x5, 3, bytes([0x82, 0x87, 0x84, 0x41, 1]) + b"a")
    seeds = {
        "post": settings + ack + post,
        "get-then-post": settings + get + frame(0x1, 0x4, 5, request_headers()) + frame(0x0, 0x1, 5, body),
        "rapid-reset": settings + b"".join(
            frame(0x1, 0x5, i, bytes([0x82, 0x87, 0x84, 0x41, 1]) + b"a") + frame(0x3, 0, i, struct.pack(">I", 8))
            for i in range(1, 40, 2)),
        "ping-flood": settings + frame(0x6, 0, 0, b"12345678") * 30,
        "settings-flood": settings * 30,
        "zero-window": frame(0x4, 0, 0, struct.pack(">HI", 0x4, 0)) + post,
        "window-update": settings + post + frame(0x8, 0, 0, struct.pack(">I", 1 << 20))
        + frame(0x8, 0, 1, struct.pack(">I", 1 << 20)),
        "continuation": settings + frame(0x1, 0x0, 1, request_headers()[:6]) + frame(0x9, 0x4, 1, request_headers()[6:])
        + frame(0x0, 0x1, 1, body),
        "padded-priority": settings + frame(0x1, 0x4 | 0x8 | 0x20, 1, bytes([3]) + struct.pack(">IB", 0, 16)
                                            + request_headers() + b"\0\0\0") + frame(0x2, 0, 1, struct.pack(">IB", 3, 1)),
        "goaway": settings + post + frame(0x7, 0, 0, struct.pack(">II", 1, 0)),
        "big-header": settings + frame(0x1, 0x5, 1, bytes([0x82, 0x87, 0x84, 0x41, 1]) + b"a" + bytes([0x40, 0x7F, 0x00]) + b"x"
                                       + bytes([0x7F, 0x81, 0x7F]) + b"y" * 300),
    }
    return seeds


def connection_seeds(http1, http2):
    """FuzzConnection input: a protocol byte (even HTTP/1.1, odd HTTP/2), then operations: 0 LENGTH BYTES receives,
    1 continues, 2 drains, 3 ends the drain window, 4 SECONDS sweeps the deadlines."""
    def receive(data):
        return b"".join(b"\x00" + bytes([len(data[i:i + 255])]) + data[i:i + 255] for i in range(0, len(data), 255))
    seeds = {}
    for protocol, sources in ((0, http1), (1, http2)):
        for name, data in sorted(sources.items())[:20]:
            seeds[f"{protocol}-{name}"] = bytes([protocol]) + receive(data)
            seeds[f"{protocol}-{name}-drained"] = bytes([protocol]) + b"\x02" + receive(data) + b"\x03\x01"
            seeds[f"{protocol}-{name}-late"] = bytes([protocol]) + receive(data[:len(data) // 2]) + b"\x04\x28"
    return seeds


def review(obj, operation="CREATE", old=None):
    request = {"uid": "seed", "kind": {"group": "networking.k8s.io", "version": "v1", "kind": "NetworkPolicy"},
               "operation": operation, "namespace": "shop", "object": obj}
    if old is not None:
        request["oldObject"] = old
    return json.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}).encode()


def shared_files(suffixes):
    if not os.path.isdir(SHARED_CORPUS):
        return []
    found = []
    for directory, _, names in os.walk(SHARED_CORPUS):
        for name in sorted(names):
            if name.endswith(suffixes):
                found.append(os.path.join(directory, name))
    return sorted(found)


def main():
    out = sys.argv[1]
    seeds = {target: {} for target in ("FuzzHTTP1", "FuzzHTTP2", "FuzzConnection", "FuzzAdmission", "FuzzCIDR",
                                       "FuzzLint")}
    committed = {"http1": "FuzzHTTP1", "http2": "FuzzHTTP2", "connection": "FuzzConnection",
                 "admission": "FuzzAdmission", "cidr": "FuzzCIDR", "lint": "FuzzLint"}
    for folder, target in committed.items():
        path = os.path.join(ROOT, "Fuzz", "Seeds", folder)
        for name in sorted(os.listdir(path)) if os.path.isdir(path) else []:
            with open(os.path.join(path, name), "rb") as handle:
                seeds[target][name] = handle.read()
    seeds["FuzzHTTP2"].update(http2_seeds())
    seeds["FuzzConnection"].update(connection_seeds(seeds["FuzzHTTP1"], seeds["FuzzHTTP2"]))
    for name in ("review-valid.json", "review-invalid.json"):
        with open(os.path.join(ROOT, "deploy", "examples", name), "rb") as handle:
            seeds["FuzzAdmission"][name] = handle.read()
    cidr_pattern = re.compile(rb"(?:cidr|-)\s*:?\s*\"?([0-9a-fA-F:.]+/[0-9]+)")
    for index, path in enumerate(shared_files((".yaml", ".yml", ".json"))):
        with open(path, "rb") as handle:
            data = handle.read()
        seeds["FuzzLint"][f"shared-{index}"] = data
        for match in cidr_pattern.finditer(data):
            seeds["FuzzCIDR"][f"shared-{match.group(1).decode()}"] = match.group(1)
        if path.endswith(".json"):
            try:
                obj = json.loads(data)
            except ValueError:
                continue
            seeds["FuzzAdmission"][f"shared-{index}-create"] = review(obj)
            seeds["FuzzAdmission"][f"shared-{index}-update"] = review(obj, "UPDATE", obj)
    for target, files in seeds.items():
        directory = os.path.join(out, target)
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        for name, data in files.items():
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)
            with open(os.path.join(directory, safe), "wb") as handle:
                handle.write(data)
        print(f"{target}: {len(files)} seeds")


if __name__ == "__main__":
    main()
