#!/usr/bin/env python3
"""Writes AdmissionReviews for Benchmarks/review-equivalence.sh, one file each, into OUT:

  review-equivalence.py ROOT OUT

- as-is/: the repository's example reviews, the fuzz seeds and ../shared/peers/payloads;
- corpus/: every NetworkPolicy document of ../shared/corpus as a CREATE and as an UPDATE (oldObject: the same
  policy with its spec emptied, so ratcheting has an old object to differ from);
- mutated/: a few base policies with each value in turn replaced by a value of every other JSON type, and each
  string given an escape, so decoding errors and escapes are compared too;
- null-zero/: the same with null in a list element or map value, where Go's decoder makes the zero value:
  answers there may change (decode errors before, answers after) and are listed apart.
"""
import copy
import json
import os
import sys

import yaml

ROOT, OUT = sys.argv[1], sys.argv[2]
SHARED = os.path.join(ROOT, "..", "shared")
KIND = {"group": "networking.k8s.io", "version": "v1", "kind": "NetworkPolicy"}


def review(obj, operation="CREATE", old=None, uid="eq-1"):
    request = {"uid": uid, "kind": KIND, "operation": operation, "namespace": "eq"}
    if isinstance(obj, dict):
        meta = obj.get("metadata")
        if isinstance(meta, dict) and isinstance(meta.get("name"), str):
            request["name"] = meta["name"]
    request["object"] = obj
    if old is not None:
        request["oldObject"] = old
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}


count = {}


def write(folder, name, body):
    path = os.path.join(OUT, folder)
    name = name.replace("/", "_")
    os.makedirs(path, exist_ok=True)
    text = body if isinstance(body, (bytes, str)) else json.dumps(body, separators=(",", ":"))
    mode = "wb" if isinstance(text, bytes) else "w"
    with open(os.path.join(path, name), mode) as f:
        f.write(text)
    count[folder] = count.get(folder, 0) + 1


# as-is
sources = [os.path.join(ROOT, "deploy/examples"), os.path.join(ROOT, "Fuzz/Seeds/admission"),
           os.path.join(SHARED, "peers/payloads")]
for folder in sources:
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json"):
                with open(os.path.join(folder, name), "rb") as f:
                    write("as-is", os.path.basename(folder) + "-" + name, f.read())

# corpus
policies = []
corpus = os.path.join(SHARED, "corpus")
for directory, _, names in sorted(os.walk(corpus)):
    for name in sorted(names):
        if not name.endswith((".yaml", ".yml", ".json")):
            continue
        path = os.path.join(directory, name)
        try:
            with open(path) as f:
                documents = list(yaml.safe_load_all(f))
        except Exception:
            continue
        for index, document in enumerate(documents):
            items = document.get("items", []) if isinstance(document, dict) and document.get("kind") == "List" \
                else [document]
            for item_index, item in enumerate(items):
                if not isinstance(item, dict) or item.get("kind") != "NetworkPolicy":
                    continue
                try:
                    json.dumps(item)
                except (TypeError, ValueError):
                    item = json.loads(json.dumps(item, default=str))
                stem = os.path.relpath(path, corpus).replace("/", "_") + f"-{index}-{item_index}"
                policies.append(item)
                write("corpus", stem + "-create.json", review(item))
                old = copy.deepcopy(item)
                old["spec"] = {}
                write("corpus", stem + "-update.json", review(item, "UPDATE", old))

# mutations
BASE = {
    "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
    "metadata": {"name": "web", "namespace": "eq", "generation": 2, "labels": {"app": "web", "1": "x"},
                 "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"a\":\"b\"}\n",
                                 "netpol-webhook.dev/ignore-checks": "allow-all-ingress", "owner": "team"},
                 "finalizers": ["example.com/f"], "deletionGracePeriodSeconds": 30,
                 "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "c", "uid": "u",
                                      "controller": True, "blockOwnerDeletion": False}]},
    "spec": {"podSelector": {"matchLabels": {"app": "web"},
                             "matchExpressions": [{"key": "tier", "operator": "In", "values": ["a", "b"]}]},
             "policyTypes": ["Ingress", "Egress"],
             "ingress": [{"from": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}},
                                   {"namespaceSelector": {}, "podSelector": {"matchLabels": {"a": "b"}}}],
                          "ports": [{"protocol": "TCP", "port": 80, "endPort": 90}, {"port": "http"}]}],
             "egress": [{"to": [{"podSelector": {}}], "ports": [{"protocol": "UDP", "port": 53}]}]},
}
REPLACEMENTS = [None, 7, -1, 3.5, 99999999999, "s", "", True, [], {}, ["x"], {"k": "v"}]


def paths(value, prefix=()):
    yield prefix, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, prefix + (index,))


def replaced(document, path, new):
    document = copy.deepcopy(document)
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return document


def container(document, path):
    target = document
    for step in path[:-1]:
        target = target[step]
    return target


bases = [("base", BASE)] + [(f"corpus{i}", p) for i, p in enumerate(policies[:: max(1, len(policies) // 6)][:6])]
for base_name, base in bases:
    for path, value in paths(base):
        if not path:
            continue
        label = base_name + "-" + ".".join(str(step) for step in path)
        for index, new in enumerate(REPLACEMENTS):
            if new == value and type(new) is type(value):
                continue
            mutated = replaced(base, path, new)
            null_zero = new is None and (isinstance(container(base, path), list)
                                         or path[-2:-1] in (("labels",), ("annotations",), ("matchLabels",)))
            folder = "null-zero" if null_zero else "mutated"
            write(folder, f"{label}-{index}-create.json", review(mutated))
            write(folder, f"{label}-{index}-update.json", review(mutated, "UPDATE", base))
        if isinstance(value, str):
            for index, escaped in enumerate(["\\u00e9t\\u00e9", "a\\nb", "\\ud83d\\ude00", "\\x"]):
                text = json.dumps(review(replaced(base, path, "@@ESCAPE@@")), separators=(",", ":"))
                write("mutated", f"{label}-escape{index}.json", text.replace("@@ESCAPE@@", escaped))
    # A missing field, each in turn.
    for path, value in paths(base):
        if path and isinstance(path[-1], str):
            mutated = copy.deepcopy(base)
            del container(mutated, path)[path[-1]]
            write("mutated", f"{base_name}-{'.'.join(str(s) for s in path)}-missing.json", review(mutated))

print(" ".join(f"{folder}: {n}" for folder, n in sorted(count.items())))
