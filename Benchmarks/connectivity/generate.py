#!/usr/bin/env python3
"""Writes a synthetic cluster for `netpol-webhook connectivity list` to standard output: WORKLOADS Deployments
(each its own labels, a named container port), WORKLOADS/2 NetworkPolicies and NAMESPACES namespaces, as one
multi-document YAML stream. Deterministic (seeded), so runs compare.

    generate.py WORKLOADS [NAMESPACES]

Policy shapes, in turn: ingress from a role label on a named port and 443; egress to labelled namespaces and to a
10.x.0.0/16 ipBlock with an except; select-all ingress from a namespace+pod selector on a port range and UDP 53;
ingress from a 172.x.0.0/16 ipBlock.
"""
import random
import sys


def main() -> None:
    workloads = int(sys.argv[1])
    namespaces = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    policies = workloads // 2
    rng = random.Random(1)
    docs = []
    for n in range(namespaces):
        docs.append(f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: ns{n}, labels: {{tier: t{n % 5}}}}}\n")
    for w in range(workloads):
        docs.append(
            "apiVersion: apps/v1\nkind: Deployment\n"
            f"metadata: {{name: app{w}, namespace: ns{w % namespaces}}}\n"
            "spec:\n  template:\n"
            f"    metadata: {{labels: {{app: app{w}, role: r{w % 7}}}}}\n"
            f"    spec: {{containers: [{{name: c, ports: [{{name: http, containerPort: {8000 + w % 50}}}]}}]}}\n")
    for p in range(policies):
        target = rng.randrange(workloads)
        shape = p % 4
        if shape == 0:
            spec = (f"  podSelector: {{matchLabels: {{app: app{target}}}}}\n  ingress:\n"
                    f"  - from: [{{podSelector: {{matchLabels: {{role: r{p % 7}}}}}}}]\n"
                    "    ports: [{port: http}, {port: 443}]\n")
        elif shape == 1:
            spec = (f"  podSelector: {{matchLabels: {{role: r{p % 7}}}}}\n  policyTypes: [Egress]\n  egress:\n"
                    f"  - to: [{{namespaceSelector: {{matchLabels: {{tier: t{p % 5}}}}}}}]\n"
                    f"  - to: [{{ipBlock: {{cidr: 10.{p % 256}.0.0/16, except: [10.{p % 256}.1.0/24]}}}}]\n")
        elif shape == 2:
            spec = ("  podSelector: {}\n  ingress:\n"
                    f"  - from: [{{namespaceSelector: {{matchLabels: {{tier: t{p % 5}}}}}, "
                    f"podSelector: {{matchLabels: {{role: r{(p + 1) % 7}}}}}}}]\n"
                    "    ports: [{port: 8000, endPort: 8100}, {protocol: UDP, port: 53}]\n")
        else:
            spec = (f"  podSelector: {{matchLabels: {{app: app{target}}}}}\n  ingress:\n"
                    f"  - from: [{{ipBlock: {{cidr: 172.{p % 32}.0.0/16}}}}]\n")
        docs.append("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                    f"metadata: {{name: p{p}, namespace: ns{p % namespaces}}}\nspec:\n{spec}")
    sys.stdout.write("---\n".join(docs))


if __name__ == "__main__":
    main()
