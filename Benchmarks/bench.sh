#!/usr/bin/env bash
# Side-by-side load benchmark on loopback: netpol-webhook against the Go net/http reference and the nginx
# fixed-answer ceiling, each started in turn, runs interleaved (scenario by scenario, peer by peer, round by
# round), then one table.
#
#   Benchmarks/bench.sh                       (what `make bench` runs)
#   DURATION=8 ROUNDS=2 SCENARIOS="h1 h2 seq large newconn" PEERS="ours go nginx" Benchmarks/bench.sh
#
# Needs wrk, h2load (nghttp2-client), go (golang-go) and nginx; the peers and payloads come from ../shared/peers
# beside the checkout (SHARED overrides). Every process it starts is ended by its pid; its files live in one
# temporary folder, removed at exit. With ROUNDS=2 and DURATION=8 it takes about 6 minutes after the build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
PEER_DIR=$SHARED/peers
PAYLOADS=$PEER_DIR/payloads
DURATION=${DURATION:-8}
ROUNDS=${ROUNDS:-2}
SCENARIOS=${SCENARIOS:-h1 h2 seq large newconn}
PEERS=${PEERS:-ours go nginx}
# The binary we ship (deploy/Dockerfile) links the Swift runtime and Foundation statically: measure that one.
SCRATCH=${SCRATCH:-$ROOT/.build-static}
SWIFT_BUILD_FLAGS=${SWIFT_BUILD_FLAGS:---static-swift-stdlib}
CORES=$(nproc)
TICKS=$(getconf CLK_TCK)

for tool in wrk h2load go nginx; do
    command -v "$tool" >/dev/null || { echo "bench: $tool not found (apt-get install -y wrk nghttp2-client golang-go nginx)" >&2; exit 2; }
done
[[ -d $PEER_DIR/go-webhook ]] || { echo "bench: no peers at $PEER_DIR (set SHARED)" >&2; exit 2; }

# shellcheck source=Benchmarks/scratch.sh
source "$ROOT/Benchmarks/scratch.sh"

echo "== building (release) and generating an ECDSA certificate" >&2
# shellcheck disable=SC2086
swift build -c release --scratch-path "$SCRATCH" $SWIFT_BUILD_FLAGS >&2
OURS_BIN=$(swift build -c release --scratch-path "$SCRATCH" $SWIFT_BUILD_FLAGS --show-bin-path)/netpol-webhook
# The peer folder is shared: build a copy so no binary lands beside its sources.
cp -r "$PEER_DIR/go-webhook" "$WORK/go-webhook"
chmod -R u+w "$WORK/go-webhook"
"$WORK/go-webhook/build.sh" >&2
GO_BIN=$WORK/go-webhook/go-webhook
"$ROOT/certs/generate.sh" --out "$WORK/certs" >/dev/null
# run-nginx.sh as shipped leaves its prefix 0700 and never creates resp/validate: nginx workers (nobody, when
# started as root) then answer 403 and the static module 404 instead of the 405 that validate.conf turns into
# the fixed 200. A copy with both fixed.
cp -r "$PEER_DIR/nginx" "$WORK/nginx-peer"
chmod -R u+w "$WORK/nginx-peer"
sed -i 's|^mkdir -p "\$PREFIX/conf".*|&\nchmod 755 "$PREFIX"; : >"$PREFIX/resp/validate"|' "$WORK/nginx-peer/run-nginx.sh"
grep -q 'resp/validate"$' "$WORK/nginx-peer/run-nginx.sh" || { echo "bench: cannot patch run-nginx.sh" >&2; exit 1; }

# A fresh free port for every start (the machine is shared: a port someone else listens on, with SO_REUSEPORT,
# would silently split the load), so TIME_WAIT sockets of one run never get in the way of the next.
is_free() { [[ -z $(ss -Htln "sport = :$1") ]]; }
pick_port() {
    local port=$((20000 + RANDOM % 30000))
    while ! is_free "$port" || ! is_free "$((port + 1))"; do port=$((20000 + RANDOM % 30000)); done
    echo "$port"
}

# Starts a peer in the background; sets SERVER_PID and READY_MS (milliseconds until it accepted a TCP connection).
start_peer() {
    local peer=$1 port
    port=$(pick_port)
    PORT=$port
    is_free "$port" || { echo "bench: port $port of $peer is taken" >&2; exit 1; }
    local started=$EPOCHREALTIME
    case $peer in
        ours)
            "$OURS_BIN" serve --cert-dir "$WORK/certs" --address 127.0.0.1 --port "$port" --shutdown-grace 1 \
                >"$WORK/ours.log" 2>&1 &
            ;;
        go)
            GOMAXPROCS=$CORES "$GO_BIN" -addr "127.0.0.1:$port" -cert "$WORK/certs/tls.crt" -key "$WORK/certs/tls.key" \
                >"$WORK/go.log" 2>&1 &
            ;;
        nginx)
            "$WORK/nginx-peer/run-nginx.sh" -c "$WORK/certs" -w "$CORES" -t "$port" -p "$((port + 1))" >"$WORK/nginx.log" 2>&1 &
            ;;
    esac
    SERVER_PID=$!
    local i
    for ((i = 0; i < 5000; i++)); do
        if : 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port"; then
            READY_MS=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
            return 0
        fi
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: $peer exited at start" >&2; cat "$WORK/$peer.log" >&2; exit 1; }
        sleep 0.001
    done
    echo "bench: $peer did not listen on $port" >&2
    exit 1
}

stop_peer() {
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    if [[ -f $WORK/nginx.log ]]; then
        local prefix
        prefix=$(sed -n 's/^nginx prefix: //p' "$WORK/nginx.log")
        [[ -n $prefix && -d $prefix ]] && rm -rf "$prefix"
        rm -f "$WORK/nginx.log"
    fi
}

# The server's processes: the pid and its children (nginx workers).
pids_of_server() { echo "$SERVER_PID" $(cat "/proc/$SERVER_PID/task/"*/children 2>/dev/null); }

# utime+stime of the server's processes, in clock ticks.
cpu_ticks() {
    local total=0 pid fields
    for pid in $(pids_of_server); do
        fields=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        set -- $fields
        total=$((total + ${12} + ${13}))
    done
    echo "$total"
}

# Sum of a /proc/PID/status field (kB) over the server's processes.
memory_kb() {
    local total=0 pid value
    for pid in $(pids_of_server); do
        value=$(awk -v f="$1:" '$1 == f { print $2 }' "/proc/$pid/status" 2>/dev/null)
        total=$((total + ${value:-0}))
    done
    echo "$total"
}

URL_PATH=/validate

# Runs one load and prints "requests duration_us p50_us p99_us errors".
drive() {
    local scenario=$1 port=$2 seconds=$3
    local url=https://127.0.0.1:$port$URL_PATH
    case $scenario in
        h1) PAYLOAD=$PAYLOADS/typical.json wrk -t2 -c16 -d"${seconds}s" --timeout 5s -s "$ROOT/Benchmarks/load/post.lua" "$url" ;;
        seq) PAYLOAD=$PAYLOADS/typical.json wrk -t1 -c1 -d"${seconds}s" --timeout 5s -s "$ROOT/Benchmarks/load/post.lua" "$url" ;;
        large) PAYLOAD=$PAYLOADS/large.json wrk -t2 -c4 -d"${seconds}s" --timeout 5s -s "$ROOT/Benchmarks/load/post.lua" "$url" ;;
        newconn) CLOSE=1 PAYLOAD=$PAYLOADS/typical.json wrk -t2 -c16 -d"${seconds}s" --timeout 5s -s "$ROOT/Benchmarks/load/post.lua" "$url" ;;
        h2)
            rm -f "$WORK/h2.log"
            h2load -t2 -c16 -m8 -D "$seconds" -d "$PAYLOADS/typical.json" -H 'content-type: application/json' \
                --log-file="$WORK/h2.log" "$url" >"$WORK/h2.out" 2>&1 || true
            # requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout
            local succeeded failed
            succeeded=$(awk '/^requests:/ { print $8 }' "$WORK/h2.out")
            failed=$(awk '/^requests:/ { print $10 + $12 }' "$WORK/h2.out")
            # log columns: start (us since epoch), status, microseconds to the end of the response
            sort -n -k3,3 "$WORK/h2.log" | awk -v ok="${succeeded:-0}" -v bad="${failed:-0}" '
                { t[NR] = $3; if (NR == 1 || $1 < first) first = $1; if ($1 + $3 > last) last = $1 + $3 }
                END {
                    if (NR == 0) { print "RESULT requests=0 duration_us=1 p50_us=0 p99_us=0 errors=" bad; exit }
                    printf "RESULT requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f errors=%d\n",
                        ok, last - first, t[int(NR * 0.50) + 1], t[int(NR * 0.99)], bad
                }'
            return
            ;;
    esac
}

RESULTS=$WORK/results
: >"$RESULTS"

echo "== $ROUNDS round(s) x scenarios [$SCENARIOS] x peers [$PEERS], ${DURATION}s each" >&2
for ((round = 1; round <= ROUNDS; round++)); do
    for scenario in $SCENARIOS; do
        for peer in $PEERS; do
            start_peer "$peer"
            port=$PORT
            sleep 0.3
            kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: $peer exited" >&2; cat "$WORK/$peer.log" >&2; exit 1; }
            idle_kb=$(memory_kb VmRSS)
            drive "$scenario" "$port" 1 >/dev/null 2>&1 || true  # warm-up
            before=$(cpu_ticks)
            line=$(drive "$scenario" "$port" "$DURATION" 2>&1 | grep '^RESULT' || echo "RESULT requests=0 duration_us=1 p50_us=0 p99_us=0 errors=-1")
            after=$(cpu_ticks)
            hwm_kb=$(memory_kb VmHWM)
            stop_peer
            eval "${line#RESULT }"
            echo "$scenario $peer $requests $duration_us $p50_us $p99_us $errors $((after - before)) $hwm_kb $idle_kb $READY_MS" >>"$RESULTS"
            printf '   round %d %-8s %-6s %9.0f req/s p50 %8.0f us p99 %8.0f us errors %s\n' "$round" "$scenario" "$peer" \
                "$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { print r / (d / 1e6) }')" "$p50_us" "$p99_us" "$errors" >&2
        done
    done
done

echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), kernel $(uname -r);" \
    "${DURATION}s per run, $ROUNDS interleaved round(s), figures are means over rounds."
echo
awk -v ticks="$TICKS" -v scenarios="$SCENARIOS" -v peers="$PEERS" '
    {
        k = $1 SUBSEP $2
        n[k]++; rps[k] += $3 / ($4 / 1e6); p50[k] += $5; p99[k] += $6; err[k] += $7
        if ($3 > 0) cpu[k] += ($8 / ticks) / $3 * 1000
        if ($9 > hwm[k]) hwm[k] = $9
        idle[k] += $10; ready[k] += $11
    }
    function ms(us) { return us >= 10000 ? sprintf("%.1f ms", us / 1000) : sprintf("%.3f ms", us / 1000) }
    BEGIN {
        label["h1"] = "HTTP/1.1 16 conns, 4 KB"; label["h2"] = "HTTP/2 16 conns x 8 streams, 4 KB"
        label["seq"] = "HTTP/1.1 1 conn sequential, 4 KB"; label["large"] = "HTTP/1.1 4 conns, 200 KB"
        label["newconn"] = "new TLS conn per request, 4 KB"
    }
    END {
        ns = split(scenarios, S, " "); np = split(peers, P, " ")
        printf "| %-34s | %-5s | %9s | %9s | %9s | %10s | %8s | %6s | %-13s | %-15s |\n", "scenario", "peer", "req/s", "p50", "p99", "CPU s/1k req", "peak RSS", "errors", "ours/go rate, p99", "ours/nginx rate, p99"
        printf "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n", "------------------------------------", "-------", "----------:", "----------:", "----------:", "------------:", "---------:", "-------:", "---------------", "-----------------"
        for (i = 1; i <= ns; i++) {
            s = S[i]; o = s SUBSEP "ours"
            for (j = 1; j <= np; j++) {
                p = P[j]; k = s SUBSEP p
                if (!(k in n)) continue
                c = n[k]
                vs_go = vs_ng = ""
                if (p == "ours" && (s SUBSEP "go") in n && rps[s SUBSEP "go"] > 0)
                    vs_go = sprintf("%.2fx, %.2fx", rps[o] / rps[s SUBSEP "go"], p99[s SUBSEP "go"] > 0 ? p99[o] / p99[s SUBSEP "go"] : 0)
                if (p == "ours" && (s SUBSEP "nginx") in n && rps[s SUBSEP "nginx"] > 0)
                    vs_ng = sprintf("%.2fx, %.2fx", rps[o] / rps[s SUBSEP "nginx"], p99[s SUBSEP "nginx"] > 0 ? p99[o] / p99[s SUBSEP "nginx"] : 0)
                printf "| %-34s | %-5s | %9.0f | %9s | %9s | %12.3f | %5.1f MB | %6d | %-17s | %-20s |\n", label[s], p, rps[k] / c, ms(p50[k] / c), ms(p99[k] / c), cpu[k] / c, hwm[k] / 1024, err[k], vs_go, vs_ng
            }
        }
        printf "\n| %-5s | %-20s | %-16s |\n", "peer", "ready after start", "idle RSS"
        printf "|%s|%s|%s|\n", "-------", "---------------------:", "-----------------:"
        for (j = 1; j <= np; j++) {
            p = P[j]; c = 0; r = 0; m = 0
            for (i = 1; i <= ns; i++) { k = S[i] SUBSEP p; if (k in n) { c += n[k]; r += ready[k]; m += idle[k] } }
            if (c) printf "| %-5s | %17.1f ms | %13.1f MB |\n", p, r / c, m / c / 1024
        }
    }' "$RESULTS"
