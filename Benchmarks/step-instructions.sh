#!/usr/bin/env bash
# Instructions of one in-process step (Benchmarks/Sources/InProcessSteps), counted by callgrind:
#
#   Benchmarks/step-instructions.sh INPROCESSREPEAT STEP [PAYLOAD] [ITERATIONS]
#
# Runs `INPROCESSREPEAT [PAYLOAD] --only STEP --iterations N` and the same with a step that matches none (the
# set-up alone) under callgrind, and prints the difference over N. INPROCESSREPEAT is the binary of
# `swift build -c release --package-path Benchmarks --product InProcessRepeat`; valgrind 3.19 cannot read Swift
# 6.3's DWARF 5, so it runs a copy stripped of debug sections. Its files live in one temporary folder.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BINARY=${1:?usage: step-instructions.sh INPROCESSREPEAT STEP [PAYLOAD] [ITERATIONS]}
STEP=${2:?usage: step-instructions.sh INPROCESSREPEAT STEP [PAYLOAD] [ITERATIONS]}
PAYLOAD=${3:-$ROOT/../shared/peers/payloads/typical.json}
ITERATIONS=${4:-20}
command -v valgrind >/dev/null || { echo "step-instructions: valgrind not found" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
strip -g -o "$WORK/repeat" "$BINARY"

# Total instructions of one run of step $1.
run() {
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$WORK/repeat" "$PAYLOAD" --only "$1" \
        --iterations "$ITERATIONS" >"$WORK/stdout" 2>"$WORK/valgrind.log" || { cat "$WORK/valgrind.log" >&2; exit 1; }
    sed -n 's/^summary: //p' "$WORK/callgrind.out"
}

base=$(run "no such step")
total=$(run "$STEP")
grep -q "no such step" "$WORK/stdout" && { cat "$WORK/stdout" >&2; exit 2; }
echo "$STEP on $(basename "$PAYLOAD"): $(((total - base) / ITERATIONS)) instructions per run"
