#!/usr/bin/env bash
# Instructions of one in-process step (Benchmarks/Sources/InProcessSteps), counted by callgrind:
#
#   Benchmarks/step-instructions.sh INPROCESSREPEAT STEP [PAYLOAD] [ITERATIONS]
#
# Runs `INPROCESSREPEAT [PAYLOAD] --only STEP --iterations N` and the same with 3N iterations under callgrind, and
# prints the difference over 2N: the set-up and whatever the step does only once (first-use metadata, lazily made
# decoders) cancel out. INPROCESSREPEAT is the binary of
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

# Total instructions of $1 runs of the step.
run() {
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$WORK/repeat" "$PAYLOAD" --only "$STEP" \
        --iterations "$1" >"$WORK/stdout" 2>"$WORK/valgrind.log" || { cat "$WORK/valgrind.log" >&2; exit 1; }
    if grep -q "no such step" "$WORK/stdout"; then cat "$WORK/stdout" >&2; exit 2; fi
    sed -n 's/^summary: //p' "$WORK/callgrind.out"
}

first=$(run "$ITERATIONS")
second=$(run $((3 * ITERATIONS)))
echo "$STEP on $(basename "$PAYLOAD"): $(((second - first) / (2 * ITERATIONS))) instructions per run"
