#!/usr/bin/env python3
"""Compare `netpol-webhook connectivity list --output json` with IBM network-config-analyzer's connectivity map.

    compare.py OURS.json NCA.txt

NCA.txt is `nca --connectivity DIR --pod_list DIR --ns_list DIR -o txt_no_fw_rules --output_endpoints deployments`.
Both sides are brought to one form before comparing: a connection becomes the set of (protocol, first port, last
port) it opens, merged per protocol (netpol-analyzer's `TCP 53,80-90` and NCA's `{protocols:TCP,dst_ports:53,80-90}`
alike); external ranges become, per workload and direction, the maximal IP intervals over which the connection is the
same (the tools split the address space at different points). Endpoints NCA invents (its `-livesim` stand-ins for
kube-dns) are left out. Prints the pairs on which the tools disagree and exits 1 if there is any.
"""

import ipaddress
import json
import re
import sys

ALL = frozenset((p, 1, 65535) for p in ("TCP", "UDP", "SCTP"))


def merge(triples):
    by_proto = {}
    for proto, lo, hi in triples:
        by_proto.setdefault(proto, []).append((lo, hi))
    merged = set()
    for proto, ranges in by_proto.items():
        ranges.sort()
        cur_lo, cur_hi = ranges[0]
        for lo, hi in ranges[1:]:
            if lo <= cur_hi + 1:
                cur_hi = max(cur_hi, hi)
            else:
                merged.add((proto, cur_lo, cur_hi))
                cur_lo, cur_hi = lo, hi
        merged.add((proto, cur_lo, cur_hi))
    return frozenset(merged)


def ports(text):
    out = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        lo, _, hi = part.partition("-")
        out.append((int(lo), int(hi or lo)))
    return out


def ours_conn(text):
    if text == "All Connections":
        return ALL
    triples = []
    proto = None
    for token in text.split(","):
        token = token.strip()
        if " " in token:
            proto, token = token.split(" ", 1)
        for lo, hi in ports(token):
            triples.append((proto, lo, hi))
    return merge(triples)


def nca_conn(text):
    if text.strip().lower() == "all connections":
        return ALL
    triples = []
    for group in re.findall(r"\{([^}]*)\}", text):
        match = re.match(r"protocols:([A-Z, ]+?)(?:,dst_ports:(.*))?$", group)
        if not match:
            raise ValueError(f"unrecognised NCA connection {text!r}")
        protos = [p.strip() for p in match.group(1).split(",") if p.strip()]
        port_ranges = ports(match.group(2)) if match.group(2) else [(1, 65535)]
        triples += [(p, lo, hi) for p in protos if p in ("TCP", "UDP", "SCTP") for lo, hi in port_ranges]
    return merge(triples)


def external(endpoint):
    """`a.b.c.d-e.f.g.h[External]` or NCA's bare `a.b.c.d-e.f.g.h` (or a CIDR) as an integer interval, else None."""
    name = endpoint.removesuffix("[External]")
    try:
        if "-" in name and "/" not in name:
            lo, hi = name.split("-", 1)
            return int(ipaddress.ip_address(lo)), int(ipaddress.ip_address(hi))
        network = ipaddress.ip_network(name)
        return int(network.network_address), int(network.broadcast_address)
    except ValueError:
        return None


def canonical(lines):
    """{(src, dst): conn} for workload pairs and {(workload, direction): [(lo, hi, conn)]} for external ranges."""
    pairs, externals = {}, {}
    for src, dst, conn in lines:
        if "livesim" in src or "livesim" in dst:
            continue
        if not conn:
            continue
        src_ip, dst_ip = external(src), external(dst)
        if src_ip is not None:
            externals.setdefault((dst, "ingress"), []).append((*src_ip, conn))
        elif dst_ip is not None:
            externals.setdefault((src, "egress"), []).append((*dst_ip, conn))
        else:
            pairs[(src, dst)] = conn
    for key, intervals in externals.items():
        intervals.sort(key=lambda t: t[0])
        merged = []
        for lo, hi, conn in intervals:
            if merged and merged[-1][2] == conn and merged[-1][1] + 1 == lo:
                merged[-1] = (merged[-1][0], hi, conn)
            else:
                merged.append((lo, hi, conn))
        externals[key] = merged
    return pairs, externals


def read_ours(path):
    with open(path) as f:
        return [(e["src"], e["dst"], ours_conn(e["conn"])) for e in json.load(f)]


def read_nca(path):
    lines = []
    with open(path) as f:
        for line in f:
            if " => " not in line:
                continue
            src, rest = line.rstrip("\n").split(" => ", 1)
            dst, _, conn = rest.partition(" : ")
            lines.append((src.strip(), dst.strip(), nca_conn(conn)))
    return lines


def main():
    ours_pairs, ours_ext = canonical(read_ours(sys.argv[1]))
    nca_pairs, nca_ext = canonical(read_nca(sys.argv[2]))
    problems = []
    for key in sorted(set(ours_pairs) | set(nca_pairs)):
        if ours_pairs.get(key) != nca_pairs.get(key):
            problems.append(f"{key[0]} => {key[1]}: ours {sorted(ours_pairs.get(key, []))} nca {sorted(nca_pairs.get(key, []))}")
    for key in sorted(set(ours_ext) | set(nca_ext)):
        if ours_ext.get(key) != nca_ext.get(key):
            problems.append(f"{key[0]} {key[1]} external: ours {ours_ext.get(key)} nca {nca_ext.get(key)}")
    print(f"workload pairs: ours {len(ours_pairs)}, nca {len(nca_pairs)}; "
          f"workloads with external connections: ours {len(ours_ext)}, nca {len(nca_ext)}; disagreements {len(problems)}")
    for line in problems[:20]:
        print("  " + line)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
