#!/usr/bin/env bash
# Instructions the server executes per request, counted by callgrind: unlike requests per second on a shared
# machine, the figure repeats to within ~0.2%, so a change worth 1% shows.
#
#   Benchmarks/instructions.sh BINARY [PAYLOAD] [keepalive|close|h2]
#
# Starts `BINARY serve` (one loop) under valgrind on a loopback port, sends N and then 3N POST /validate of PAYLOAD
# (default ../shared/peers/payloads/typical.json) from one Python client, on one keep-alive connection or a new
# TLS connection per request (close), or with h2load over one HTTP/2 connection, 8 streams at a time (h2), and
# prints (total(3N) - total(N)) / 2N: start-up and shutdown cancel out.
# valgrind 3.19 cannot read Swift 6.3's DWARF 5, so it runs a copy stripped of debug sections. Every process it
# starts is ended by its pid; its files live in one temporary folder, removed at exit. PROFILES=DIR keeps the two
# callgrind outputs there (callgrind_annotate DIR/callgrind.N) to see where the instructions go.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BINARY=${1:?usage: instructions.sh BINARY [PAYLOAD] [keepalive|close|h2]}
PAYLOAD=${2:-$ROOT/../shared/peers/payloads/typical.json}
MODE=${3:-keepalive}
N=${N:-100}
command -v valgrind >/dev/null || { echo "instructions: valgrind not found (apt-get install -y valgrind)" >&2; exit 2; }
[[ $MODE != h2 ]] || command -v h2load >/dev/null || { echo "instructions: h2load not found (apt-get install -y nghttp2-client)" >&2; exit 2; }
[[ -f $PAYLOAD ]] || { echo "instructions: no payload at $PAYLOAD" >&2; exit 2; }

# shellcheck source=Benchmarks/scratch.sh
source "$ROOT/Benchmarks/scratch.sh"
prepare_server "$BINARY"

cat >"$WORK/client.py" <<'EOF'
import http.client, ssl, sys
port, count, body, close = int(sys.argv[1]), int(sys.argv[2]), open(sys.argv[3], "rb").read(), sys.argv[4] == "close"
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
connection = None
for _ in range(count):
    if connection is None or close:
        if connection is not None:
            connection.close()
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=120)
    connection.request("POST", "/validate?timeout=10s", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"status {response.status}")
EOF

# Total instructions of one server run that answers $1 requests.
run() {
    local count=$1 port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.$count" "$WORK/server" serve \
        --cert-dir "$WORK/certs" --address 127.0.0.1 --port "$port" --threads 1 --shutdown-grace 1 \
        >"$WORK/server.log" 2>"$WORK/valgrind.log" &
    SERVER_PID=$!
    local i
    for ((i = 0; i < 600; i++)); do
        : 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port" && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/valgrind.log" >&2; exit 1; }
        sleep 0.1
    done
    if [[ $MODE == h2 ]]; then
        h2load -n "$count" -c 1 -m 8 -d "$PAYLOAD" -H 'content-type: application/json' \
            "https://127.0.0.1:$port/validate?timeout=10s" >"$WORK/h2load.log" 2>&1 || { cat "$WORK/h2load.log" >&2; exit 1; }
        grep -q "$count succeeded" "$WORK/h2load.log" || { cat "$WORK/h2load.log" >&2; exit 1; }
    else
        python3 "$WORK/client.py" "$port" "$count" "$PAYLOAD" "$MODE"
    fi
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" || true
    SERVER_PID=""
    if [[ -n ${PROFILES:-} ]]; then mkdir -p "$PROFILES" && cp "$WORK/callgrind.$count"* "$PROFILES/"; fi
    sed -n 's/^summary: //p' "$WORK/callgrind.$count"*
}

first=$(run "$N")
second=$(run $((3 * N)))
echo "$(basename "$BINARY") $(basename "$PAYLOAD") $MODE: $(((second - first) / (2 * N))) instructions per request"
