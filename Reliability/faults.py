#!/usr/bin/env python3
"""Faults under load: drives the real `netpol-webhook serve` on loopback and prints one table row per scenario.

    Reliability/faults.py --binary PATH [--soak-seconds N] [--only NAME ...] [--markdown FILE]

Python 3 standard library only. Every loop is bounded in count and in time; every process started here is ended
here, by pid. The exit status is 1 when any row misses its criterion (see RELIABILITY.md for the criteria).
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

from faultkit.abuse_h2 import *  # noqa: F401,F403
from faultkit.attacker import *  # noqa: F401,F403
from faultkit.drain import *  # noqa: F401,F403
from faultkit.harness import *  # noqa: F401,F403
from faultkit.lifecycle import *  # noqa: F401,F403
from faultkit.load import *  # noqa: F401,F403


SCENARIOS = [
    ("calm", scenario_calm), ("idle", scenario_idle), ("slowloris", scenario_dribble),
    ("oversized", scenario_oversized), ("garbage", scenario_garbage_tls), ("truncated", scenario_truncated_handshake),
    ("vanish", scenario_vanish), ("stops-reading", scenario_stops_reading), ("stalled-log", scenario_stalled_log_reader), ("rapid-reset", scenario_rapid_reset), ("settings-flood", scenario_settings_flood),
    ("ping-flood", scenario_ping_flood), ("hpack", scenario_hpack), ("zero-window", scenario_zero_window),
    ("rotation", scenario_rotation), ("soak", scenario_soak), ("sigterm", scenario_sigterm), ("drain", scenario_drain),
    ("fd-exhaustion", scenario_fd_exhaustion),
]


def mib(kib):
    return "-" if kib is None or kib < 0 else f"{kib / 1024:.1f}"


def table(rows):
    lines = ["| scenario | what was done | sent | answered | failed | crashes | RSS before MiB | RSS after MiB | result | notes |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for row in rows:
        lines.append(f"| {row.name} | {row.done} | {row.sent} | {row.answered} | {row.failed} | {row.crashes} | "
                     f"{mib(row.rss_before)} | {mib(row.rss_after)} | {'PASS' if row.passed else 'FAIL'} | {row.note} |")
    return "\n".join(lines)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--attacker":
        kind, port, count, seconds, ca = sys.argv[2:7]
        attacker_main(kind, int(port), int(count), float(seconds), ca)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--soak-seconds", type=int, default=180)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--markdown", default=None)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="netpol-faults-")
    rows = []
    ctx = None
    try:
        certs = os.path.join(work, "certs")
        make_certificates(certs)
        ctx = Context(os.path.abspath(args.binary), certs, args.soak_seconds)
        ctx.start()
        ctx.calm = None
        for name, scenario in SCENARIOS:
            if args.only and name not in args.only and not (name == "calm"):
                continue
            if not ctx.server.alive():
                rows.append(Row(name, "not run: the server is gone", crashes=1, passed=False))
                continue
            started = time.monotonic()
            try:
                row = scenario(ctx)
            except Exception as error:
                row = Row(name, f"driver error: {error!r}", crashes=crashes_of(ctx.server), passed=False)
            print(f"{row.name}: {'PASS' if row.passed else 'FAIL'} in {time.monotonic() - started:.0f} s: {row.note}",
                  file=sys.stderr, flush=True)
            rows.append(row)
        status = ctx.server.stop()
        if status != 0:
            rows.append(Row("final SIGTERM", f"exit status {status}", crashes=1, passed=False))
    finally:
        if ctx and ctx.server:
            ctx.server.kill()
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows)
    print(text)
    if args.markdown:
        with open(args.markdown, "w") as handle:
            handle.write(text + "\n")
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
