# Sourced by the benchmark scripts that start `serve` (or a peer) themselves: one scratch folder, $WORK, and the
# server's pid, $SERVER_PID; at exit the server is stopped (by that pid) and the folder removed. Needs $ROOT.
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    if [[ -n $SERVER_PID ]]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# $WORK/server: a copy of BINARY without debug sections (valgrind 3.19 cannot read Swift 6.3's DWARF 5; the symbol
# table is all callgrind needs), and development certificates in $WORK/certs.
prepare_server() {
    strip -g -o "$WORK/server" "$1"
    "$ROOT/certs/generate.sh" --out "$WORK/certs" >/dev/null 2>"$WORK/certs.log" || { cat "$WORK/certs.log" >&2; exit 1; }
}
