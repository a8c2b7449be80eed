#!/usr/bin/env bash
# Makes a CA and a server certificate for netpol-webhook with the openssl command line only.
#
#   certs/generate.sh [--service NAME] [--namespace NS] [--out DIR] [--days N] [--rsa] [--force]
#
# Writes ca.crt, ca.key, tls.crt and tls.key into DIR (default: the folder of this script) and prints the
# base64 caBundle for a ValidatingWebhookConfiguration, alone on standard output. The server certificate names
# the Service the apiserver calls (NAME, NAME.NS, NAME.NS.svc, NAME.NS.svc.cluster.local) plus localhost,
# 127.0.0.1 and ::1 for local use. Keys are ECDSA P-256 unless --rsa (RSA 2048). Existing files are kept unless
# --force.
set -euo pipefail

service=netpol-webhook
namespace=netpol-webhook
out=$(cd "$(dirname "$0")" && pwd)
days=365
rsa=false
force=false

# The comment block at the top of this file, up to its first line that is not a comment.
usage() { sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; }

while (($#)); do
    case $1 in
        --service) service=${2:?--service needs a value}; shift 2 ;;
        --namespace) namespace=${2:?--namespace needs a value}; shift 2 ;;
        --out) out=${2:?--out needs a value}; shift 2 ;;
        --days) days=${2:?--days needs a value}; shift 2 ;;
        --rsa) rsa=true; shift ;;
        --force) force=true; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "generate.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

command -v openssl >/dev/null || { echo "generate.sh: openssl is not installed" >&2; exit 2; }
mkdir -p "$out"
for file in ca.crt ca.key tls.crt tls.key; do
    if [[ -e $out/$file && $force != true ]]; then
        echo "generate.sh: $out/$file exists; use --force to replace it" >&2
        exit 1
    fi
done

newkey() {
    if [[ $rsa == true ]]; then
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
    else
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
    fi
    chmod 600 "$1"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

newkey "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days "$days" -subj "/CN=netpol-webhook CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$work/ca.crt" 2>/dev/null

dns="$service.$namespace.svc"
cat >"$work/server.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:$dns,DNS:$dns.cluster.local,DNS:$service.$namespace,DNS:$service,DNS:localhost,IP:127.0.0.1,IP:::1
EXT
newkey "$work/tls.key"
openssl req -new -key "$work/tls.key" -subj "/CN=$dns" -out "$work/server.csr" 2>/dev/null
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial \
    -days "$days" -sha256 -extfile "$work/server.ext" -out "$work/tls.crt" 2>/dev/null

cp "$work/ca.crt" "$work/ca.key" "$work/tls.crt" "$work/tls.key" "$out/"
chmod 600 "$out/ca.key" "$out/tls.key"
echo "wrote $out/ca.crt $out/ca.key $out/tls.crt $out/tls.key (server name $dns)" >&2
# The label only for a person reading a terminal: with standard output captured or discarded (`make run`), a
# label on standard error would introduce nothing.
if [[ -t 1 ]]; then echo "caBundle:" >&2; fi
base64 -w0 "$out/ca.crt"
echo
