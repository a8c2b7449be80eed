#!/usr/bin/env bash
# `netpol-webhook connectivity list` at cluster scale, side by side with IBM's network-config-analyzer (NCA, PyPI
# `network-config-analyzer`, installed into a venv of the work folder) on the same generated inputs.
#
#   Benchmarks/connectivity.sh [BINARY]
#
# For each size in SIZES (workloads; policies = half, NAMESPACES namespaces) it generates the manifests with
# Benchmarks/connectivity/generate.py, times `connectivity list --output json` (wall clock and peak RSS, best of
# RUNS) and NCA's connectivity map once, then checks that both found the same connections
# (Benchmarks/connectivity/compare.py). NCA's output and time are kept in WORK/nca-SIZE-HASH.* and reused while the
# generator is unchanged, because NCA needs tens of minutes at the larger sizes; NCA_TIMEOUT bounds one NCA run.
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY=${1:-}
SIZES=${SIZES:-"500 1000 2000 4000"}
NAMESPACES=${NAMESPACES:-50}
RUNS=${RUNS:-3}
NCA_TIMEOUT=${NCA_TIMEOUT:-7200}
WORK=${WORK:-.build-bench/connectivity}
mkdir -p "$WORK"
if [ -z "$BINARY" ]; then
    swift build -c release >&2
    BINARY="$(swift build -c release --show-bin-path)/netpol-webhook"
fi
if [ ! -x "$WORK/venv/bin/nca" ]; then
    python3 -m venv "$WORK/venv" >&2
    "$WORK/venv/bin/pip" install --quiet network-config-analyzer >&2
fi
NCA_VERSION=$("$WORK/venv/bin/pip" show network-config-analyzer | awk '/^Version/ {print $2}')
GEN_HASH=$(sha256sum Benchmarks/connectivity/generate.py | cut -c1-12)

echo "machine: $(nproc) cores, $(awk '/model name/ {$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//'); NCA $NCA_VERSION"
echo
echo "| workloads | policies | namespaces | connections | netpol-webhook s (best of $RUNS) | peak RSS MB | NCA s | NCA / ours | same connections |"
echo "|---|---|---|---|---|---|---|---|---|"
for size in $SIZES; do
    policies=$((size / 2))
    dir="$WORK/input-$size"
    python3 Benchmarks/connectivity/generate.py --workloads "$size" --policies "$policies" \
        --namespaces "$NAMESPACES" --out "$dir"
    best=""; rss=0
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$WORK/time" "$BINARY" connectivity list --output json "$dir" > "$WORK/ours-$size.json"
        read -r seconds kb < "$WORK/time"
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$seconds; fi
        if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    done
    connections=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/ours-$size.json")
    nca_out="$WORK/nca-$size-$GEN_HASH.txt"
    if [ ! -f "$nca_out.time" ]; then
        if /usr/bin/time -f "%e" -o "$nca_out.time.tmp" timeout "$NCA_TIMEOUT" "$WORK/venv/bin/nca" \
            --connectivity "$dir" --pod_list "$dir" --ns_list "$dir" -o txt_no_fw_rules \
            --output_endpoints deployments > "$nca_out" 2> "$nca_out.log"; then
            mv "$nca_out.time.tmp" "$nca_out.time"
        else
            echo "> $NCA_TIMEOUT" > "$nca_out.time"
        fi
    fi
    nca_seconds=$(tail -1 "$nca_out.time")
    if [[ "$nca_seconds" == ">"* ]]; then
        ratio="> $(awk -v a="${nca_seconds#> }" -v b="$best" 'BEGIN {printf "%.0f", a / b}')x"; same="NCA timed out"
    else
        ratio="$(awk -v a="$nca_seconds" -v b="$best" 'BEGIN {printf "%.0f", a / b}')x"
        if python3 Benchmarks/connectivity/compare.py "$WORK/ours-$size.json" "$nca_out" > "$WORK/compare-$size.txt"; then
            same="yes"
        else
            same="no ($(head -1 "$WORK/compare-$size.txt"))"
        fi
    fi
    echo "| $size | $policies | $NAMESPACES | $connections | $best | $((rss / 1024)) | $nca_seconds | $ratio | $same |"
done
