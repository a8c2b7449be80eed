#!/usr/bin/env bash
# Prepares this overlay from the output of certs/generate.sh, then `kubectl apply -k` applies it.
#
#   deploy/overlays/self-signed/configure.sh [CERT_DIR]
#
# CERT_DIR (default: the repository's certs/ folder) holds ca.crt, tls.crt and tls.key, as written by
#   certs/generate.sh --out CERT_DIR
# Checks that tls.crt is signed by ca.crt, matches tls.key and names the Service the API server calls
# (netpol-webhook.netpol-webhook.svc), then writes next to this script:
#   tls.crt, tls.key          the Secret netpol-webhook-tls (secretGenerator in kustomization.yaml)
#   webhook-cabundle.yaml     a patch that sets the webhook's caBundle to base64(ca.crt)
# All three are git-ignored. Run it again after new certificates to rotate them.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
certs=${1:-$here/../../../certs}
service_dns=netpol-webhook.netpol-webhook.svc

case ${1:-} in -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
fail() { echo "configure.sh: $*" >&2; exit 1; }

command -v openssl >/dev/null || fail "openssl is not installed"
for file in ca.crt tls.crt tls.key; do
    [[ -r $certs/$file ]] || fail "$certs/$file is missing; run certs/generate.sh --out $certs first"
done
openssl verify -CAfile "$certs/ca.crt" "$certs/tls.crt" >/dev/null 2>&1 ||
    fail "$certs/tls.crt is not signed by $certs/ca.crt"
[[ $(openssl x509 -in "$certs/tls.crt" -noout -pubkey) == $(openssl pkey -in "$certs/tls.key" -pubout) ]] ||
    fail "$certs/tls.key is not the key of $certs/tls.crt"
openssl x509 -in "$certs/tls.crt" -noout -checkhost "$service_dns" | grep -q "does match" ||
    fail "$certs/tls.crt does not name $service_dns (generate.sh --service netpol-webhook --namespace netpol-webhook)"
openssl x509 -in "$certs/tls.crt" -noout -checkend 86400 >/dev/null ||
    fail "$certs/tls.crt expires within a day"

umask 077
cp "$certs/tls.crt" "$here/tls.crt"
cp "$certs/tls.key" "$here/tls.key"
cat >"$here/webhook-cabundle.yaml" <<YAML
# Written by configure.sh from $(basename "$certs")/ca.crt; do not edit or commit.
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: netpol-webhook
webhooks:
  - name: validate.netpol-webhook.dev
    clientConfig:
      caBundle: $(base64 -w0 "$certs/ca.crt")
YAML
echo "configure.sh: wrote tls.crt, tls.key and webhook-cabundle.yaml in $here" >&2
echo "next: kubectl apply -k $here" >&2
