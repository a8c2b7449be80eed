#!/usr/bin/env bash
# Lint throughput: writes FILES files of 10 NetworkPolicies each (typical shapes: selectors, ipBlocks, ports) into
# a temporary folder, times `netpol-webhook lint` over it, prints policies per second, removes the folder.
# Arguments after FILES go to lint (`--rules kubernetes`).
#   Benchmarks/lint-folder.sh BINARY [FILES [LINT OPTIONS...]]
set -euo pipefail
BIN=${1:?usage: lint-folder.sh BINARY [FILES [LINT OPTIONS...]]}
FILES=${2:-2000}
shift $(($# < 2 ? $# : 2))
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
for ((f = 0; f < FILES; f++)); do
    for ((p = 0; p < 10; p++)); do
        cat <<YAML
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: policy-$f-$p
  namespace: team-$((f % 17))
  labels: {app.kubernetes.io/name: shop, app.kubernetes.io/part-of: checkout}
spec:
  podSelector:
    matchLabels: {app: backend-$p, tier: api}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: frontend}}
          podSelector: {matchExpressions: [{key: role, operator: In, values: [web, edge]}]}
        - ipBlock: {cidr: 10.$((p + 1)).0.0/16, except: [10.$((p + 1)).1.0/24]}
      ports:
        - {protocol: TCP, port: 8080, endPort: 8090}
        - {protocol: TCP, port: http}
  egress:
    - to:
        - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}
      ports:
        - {protocol: UDP, port: 53}
YAML
    done >"$DIR/file-$f.yaml"
done
policies=$((FILES * 10))
start=$EPOCHREALTIME
"$BIN" lint "$@" "$DIR" >/dev/null || true
end=$EPOCHREALTIME
awk -v n="$policies" -v a="$start" -v b="$end" 'BEGIN { printf "%d policies in %.2f s: %.0f policies/s\n", n, b - a, n / (b - a) }'
