#!/usr/bin/env python3
"""Generate a synthetic cluster for the `connectivity` benchmark: namespaces, workloads and NetworkPolicies.

    generate.py --workloads 2000 --policies 1000 --namespaces 50 --out DIR [--seed 1]

Writes DIR/namespaces.yaml, DIR/workloads.yaml and DIR/policies.yaml. The shape follows what real clusters hold:
teams own namespaces labelled `team` and `env`; each namespace has a few applications of several tiers, each a
Deployment or StatefulSet (a DaemonSet now and then) with `app`, `tier` and `version` labels and named container
ports; the policies are default denies, allow-from-frontend rules, cross-namespace rules by namespace labels,
monitoring scrapes on a named port, egress to DNS and to external CIDRs with exceptions. The same arguments and seed
give the same files byte for byte, so every tool measured reads the same input.
"""

import argparse
import os
import random

TIERS = ["frontend", "api", "worker", "db", "cache"]
PORTS = {
    "frontend": [("http", 8080, "TCP"), ("metrics", 9090, "TCP")],
    "api": [("http", 8080, "TCP"), ("grpc", 9000, "TCP"), ("metrics", 9090, "TCP")],
    "worker": [("metrics", 9090, "TCP")],
    "db": [("postgres", 5432, "TCP"), ("metrics", 9187, "TCP")],
    "cache": [("redis", 6379, "TCP"), ("gossip", 7946, "UDP")],
}
TEAMS = ["payments", "search", "identity", "platform", "data", "mobile", "web", "ml"]
ENVS = ["prod", "staging", "dev"]


def labels_yaml(labels, indent):
    pad = " " * indent
    return "".join(f"{pad}{k}: {v}\n" for k, v in sorted(labels.items()))


def namespace(name, labels):
    return f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n  labels:\n{labels_yaml(labels, 4)}"


def workload(kind, name, ns, labels, ports):
    api = "apps/v1"
    port_lines = "".join(
        f"            - name: {pname}\n              containerPort: {num}\n              protocol: {proto}\n"
        for pname, num, proto in ports
    )
    extra = "  replicas: 2\n" if kind in ("Deployment", "StatefulSet") else ""
    service = f"  serviceName: {name}\n" if kind == "StatefulSet" else ""
    return (
        f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {name}\n  namespace: {ns}\n"
        f"spec:\n{extra}{service}  selector:\n    matchLabels:\n      app: {labels['app']}\n"
        f"  template:\n    metadata:\n      labels:\n{labels_yaml(labels, 8)}"
        f"    spec:\n      containers:\n        - name: main\n          image: example/{labels['app']}:1\n"
        f"          ports:\n{port_lines}"
    )


def selector_yaml(match, indent):
    pad = " " * indent
    if not match:
        return " {}\n"
    return f"\n{pad}matchLabels:\n{labels_yaml(match, indent + 2)}"


def policy(name, ns, pod_match, types, ingress, egress):
    text = f"apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {name}\n  namespace: {ns}\n"
    text += f"spec:\n  podSelector:{selector_yaml(pod_match, 4)}"
    text += "  policyTypes:\n" + "".join(f"    - {t}\n" for t in types)
    for direction, rules in (("ingress", ingress), ("egress", egress)):
        if rules is None:
            continue
        if not rules:
            text += f"  {direction}: []\n"
            continue
        text += f"  {direction}:\n"
        for peers, ports in rules:
            first = True
            if peers is not None:
                key = "from" if direction == "ingress" else "to"
                text += f"    - {key}:\n"
                first = False
                for peer in peers:
                    text += peer
            if ports is not None:
                text += ("    - " if first else "      ") + "ports:\n"
                for proto, port, end in ports:
                    text += f"        - protocol: {proto}\n"
                    if port is not None:
                        text += f"          port: {port}\n"
                    if end is not None:
                        text += f"          endPort: {end}\n"
    return text


def pod_peer(match):
    return f"        - podSelector:{selector_yaml(match, 12)}"


def ns_peer(ns_match, pod_match=None):
    text = f"        - namespaceSelector:{selector_yaml(ns_match, 12)}"
    if pod_match is not None:
        text += f"          podSelector:{selector_yaml(pod_match, 12)}"
    return text


def ip_peer(cidr, excepts):
    text = f"        - ipBlock:\n            cidr: {cidr}\n"
    if excepts:
        text += "            except:\n" + "".join(f"              - {e}\n" for e in excepts)
    return text


def generate(workloads, policies, namespaces, seed):
    rng = random.Random(seed)
    ns_docs, wl_docs, np_docs = [], [], []
    ns_names = [f"ns-{i:03d}" for i in range(namespaces)]
    ns_labels = {}
    for i, name in enumerate(ns_names):
        labels = {"team": TEAMS[i % len(TEAMS)], "env": ENVS[(i // len(TEAMS)) % len(ENVS)]}
        if i % 10 == 0:
            labels["monitoring"] = "enabled"
        ns_labels[name] = labels
        ns_docs.append(namespace(name, labels))
    ns_docs.append(namespace("kube-system", {"kubernetes.io/metadata.name": "kube-system"}))
    wl_docs.append(workload("Deployment", "coredns", "kube-system", {"app": "coredns", "k8s-app": "kube-dns"},
                            [("dns", 53, "UDP"), ("dns-tcp", 53, "TCP")]))
    apps = {name: [] for name in ns_names}
    for i in range(workloads):
        ns = ns_names[i % namespaces]
        app_index = (i // namespaces) // len(TIERS)
        tier = TIERS[(i // namespaces) % len(TIERS)]
        app = f"app{app_index}"
        labels = {"app": f"{app}-{tier}", "tier": tier, "version": f"v{rng.randint(1, 3)}", "part-of": app}
        kind = "StatefulSet" if tier == "db" else ("DaemonSet" if tier == "worker" and i % 7 == 0 else "Deployment")
        name = f"{app}-{tier}"
        wl_docs.append(workload(kind, name, ns, labels, PORTS[tier]))
        apps[ns].append((app, tier))
    for i in range(policies):
        ns = ns_names[i % namespaces]
        round_ = i // namespaces
        mine = apps[ns]
        app, tier = mine[rng.randrange(len(mine))] if mine else ("app0", "api")
        kind = round_ % 10
        name = f"np-{round_:03d}"
        if kind == 0:
            np_docs.append(policy(name, ns, {}, ["Ingress"], [], None))
        elif kind == 1:
            peers = [pod_peer({"part-of": app, "tier": "frontend"})]
            np_docs.append(policy(name, ns, {"app": f"{app}-{tier}"}, ["Ingress"],
                                  [(peers, [("TCP", "http", None), ("TCP", 9000, None)])], None))
        elif kind == 2:
            team = TEAMS[rng.randrange(len(TEAMS))]
            peers = [ns_peer({"team": team}, {"tier": "api"})]
            np_docs.append(policy(name, ns, {"tier": tier}, ["Ingress"], [(peers, [("TCP", 8000, 8100)])], None))
        elif kind == 3:
            peers = [ns_peer({"monitoring": "enabled"})]
            np_docs.append(policy(name, ns, {}, ["Ingress"], [(peers, [("TCP", "metrics", None)])], None))
        elif kind == 4:
            dns = [ns_peer({"kubernetes.io/metadata.name": "kube-system"}, {"k8s-app": "kube-dns"})]
            same = [pod_peer({"part-of": app})]
            np_docs.append(policy(name, ns, {"part-of": app}, ["Egress"], None,
                                  [(dns, [("UDP", 53, None), ("TCP", 53, None)]), (same, None)]))
        elif kind == 5:
            octet = rng.randrange(1, 200)
            ext = [ip_peer(f"10.{octet}.0.0/16", [f"10.{octet}.{rng.randrange(256)}.0/24"])]
            np_docs.append(policy(name, ns, {"tier": "api"}, ["Egress"], None,
                                  [(ext, [("TCP", 443, None)]), ([pod_peer({})], None)]))
        elif kind == 6:
            peers = [pod_peer({"tier": "api"}), pod_peer({"tier": "worker"})]
            np_docs.append(policy(name, ns, {"tier": "db"}, ["Ingress"],
                                  [(peers, [("TCP", "postgres", None)])], None))
        elif kind == 7:
            peers = [pod_peer({"tier": "cache"})]
            np_docs.append(policy(name, ns, {"tier": "cache"}, ["Ingress", "Egress"],
                                  [(peers, [("UDP", "gossip", None)]), (None, [("TCP", 6379, None)])],
                                  [(peers, [("UDP", 7946, None)])]))
        elif kind == 8:
            ext = [ip_peer("0.0.0.0/0", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])]
            np_docs.append(policy(name, ns, {"tier": "frontend"}, ["Ingress"], [(ext, [("TCP", 8080, None)])], None))
        else:
            env = ENVS[rng.randrange(len(ENVS))]
            peers = [ns_peer({"env": env})]
            np_docs.append(policy(name, ns, {"app": f"{app}-{tier}", "version": f"v{rng.randint(1, 3)}"},
                                  ["Ingress"], [(peers, None)], None))
    return ns_docs, wl_docs, np_docs


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", type=int, default=2000)
    parser.add_argument("--policies", type=int, default=1000)
    parser.add_argument("--namespaces", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    docs = generate(args.workloads, args.policies, args.namespaces, args.seed)
    for file_name, items in zip(("namespaces.yaml", "workloads.yaml", "policies.yaml"), docs):
        with open(os.path.join(args.out, file_name), "w") as out:
            out.write("---\n".join(items))


if __name__ == "__main__":
    main()
