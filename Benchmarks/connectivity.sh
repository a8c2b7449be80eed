#!/usr/bin/env bash
# `connectivity list` at growing cluster sizes: for each size, Benchmarks/connectivity/generate.py writes that many
# workloads (half as many policies, 50 namespaces) into a temporary folder, and `/usr/bin/time` measures the list:
# user CPU seconds, peak memory, lines printed. User time, not wall time: the figure means something on a shared
# machine.
#   Benchmarks/connectivity.sh BINARY [SIZES...]      (default sizes: 500 1000 2000 4000)
set -euo pipefail
BIN=${1:?usage: connectivity.sh BINARY [SIZES...]}
shift
SIZES=("${@:-500 1000 2000 4000}")
read -r -a SIZES <<<"${SIZES[*]}"
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
printf '%-10s %-9s %-12s %-12s %s\n' workloads policies "user s" "peak MB" lines
for size in "${SIZES[@]}"; do
    python3 "$HERE/connectivity/generate.py" "$size" >"$DIR/cluster.yaml"
    /usr/bin/time -f '%U %M' -o "$DIR/time" "$BIN" connectivity list "$DIR/cluster.yaml" >"$DIR/out.txt"
    read -r user kb <"$DIR/time"
    printf '%-10s %-9s %-12s %-12s %s\n' "$size" $((size / 2)) "$user" $((kb / 1024)) "$(wc -l <"$DIR/out.txt")"
done
