"""Offline checks of deploy/ that need a YAML parser, run by .ci/check-deploy (in its venv, with PyYAML).

    check_deploy.py parse FILE...              every file parses (YAML streams, JSON)
    check_deploy.py manifests BUILD_DIR REPO   the kustomize outputs keep the promises deploy/README.md makes
    check_deploy.py config BUILT_YAML REPO OUT the file serve --config reads in the built Deployment's pods:
                                               writes the ConfigMap's entry to OUT, prints its path in the
                                               container and the repository file it is generated from (tab between)
    check_deploy.py review POLICY_YAML         prints an AdmissionReview (CREATE) for the policy
    check_deploy.py denial RESPONSE FILE       prints what kubectl and other clients show for a denial, and the
                                               webhook's warnings as kubectl prints them
    check_deploy.py pre-commit FILE...         pre-commit hook lists have the fields pre-commit needs

Each check prints one line per failed promise and exits 1 if there was any.
"""

import base64
import json
import re
import sys

import yaml

SERVICE, NAMESPACE = "netpol-webhook", "netpol-webhook"
SERVICE_DNS = f"{SERVICE}.{NAMESPACE}.svc"
SECRET = "netpol-webhook-tls"
CONFIG_MAP = "netpol-webhook-config"  # the configMapGenerator in deploy/base/kustomization.yaml
WEBHOOK = "validate.netpol-webhook.dev"

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)
    return condition


def finish(what):
    for failure in failures:
        print(f"check-deploy: {what}: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


def load_stream(path):
    with open(path, encoding="utf-8") as stream:
        return [doc for doc in yaml.safe_load_all(stream) if doc is not None]


def parse(paths):
    for path in paths:
        try:
            if path.endswith(".json"):
                with open(path, encoding="utf-8") as stream:
                    json.load(stream)
            else:
                load_stream(path)
        except (yaml.YAMLError, ValueError) as error:
            failures.append(f"{path} does not parse: {error}")
    finish("parse")


def index(objects):
    return {(o.get("kind"), o.get("metadata", {}).get("name")): o for o in objects}


def config_source(repo):
    """(file, key): the repository file, relative to repo, that deploy/base's configMapGenerator puts in the
    ConfigMap CONFIG_MAP, and its key there; None after recording why not."""
    (kustomization,) = load_stream(f"{repo}/deploy/base/kustomization.yaml")
    generators = [g for g in kustomization.get("configMapGenerator", []) if g.get("name") == CONFIG_MAP]
    files = generators[0].get("files", []) if len(generators) == 1 else []
    if not expect(len(files) == 1 and not generators[0].get("literals") and not generators[0].get("envs"),
                  f"deploy/base/kustomization.yaml: no configMapGenerator {CONFIG_MAP} made from one file"):
        return None
    key, _, file = files[0].rpartition("=")
    return f"deploy/base/{file}", key or file.rsplit("/", 1)[-1]


def mounted_config(name, objs, pod, container):
    """(path, ConfigMap, key): the file serve's --config names and the ConfigMap entry the kubelet puts there;
    None after recording why not."""
    args = container.get("args", [])
    paths = [a.split("=", 1)[1] for a in args if a.startswith("--config=")]
    if not expect(len(paths) == 1 and "--config" not in args, f"{name}: serve is not given one --config=FILE"):
        return None
    path = paths[0]
    # The deepest mount holding the path, as in the container: a whole volume (the path below its mountPath) or
    # one entry of it (subPath, mountPath is the path itself).
    mounts = sorted(container.get("volumeMounts", []), key=lambda m: -len(m.get("mountPath", "")))
    for mount in mounts:
        mount_path = mount.get("mountPath", "").rstrip("/")
        if mount.get("subPath"):
            if path != mount_path:
                continue
            relative = mount["subPath"]
        elif path.startswith(mount_path + "/"):
            relative = path[len(mount_path) + 1:]
        else:
            continue
        volume = next((v for v in pod.get("volumes", []) if v.get("name") == mount.get("name")), {})
        source = volume.get("configMap")
        if not expect(source is not None, f"{name}: --config {path} is on volume {mount.get('name')}, not a ConfigMap"):
            return None
        expect(mount.get("readOnly") is True, f"{name}: the configuration volume is not mounted readOnly")
        items = source.get("items")
        key = relative if items is None else next((i.get("key") for i in items if i.get("path") == relative), None)
        config_map = objs.get(("ConfigMap", source.get("name")))
        if not expect(config_map is not None, f"{name}: the pods mount ConfigMap {source.get('name')}, not built"):
            return None
        data = config_map.get("data", {})
        if not expect(key in data, f"{name}: --config {path} would be entry {key!r} of ConfigMap "
                      f"{source.get('name')}, which has {sorted(data)}"):
            return None
        return path, config_map, key
    expect(False, f"{name}: --config {path} is in no volume mount of the container")
    return None


def check_config(name, objs, pod, container, source_text):
    """serve's --config is the generated ConfigMap, mounted read-only, holding the repository's file."""
    mounted = mounted_config(name, objs, pod, container)
    if mounted is None:
        return None
    path, config_map, key = mounted
    # The hash kustomize appends makes an edit a new name, hence a new pod template and a rollout.
    config_name = config_map["metadata"]["name"]
    expect(re.fullmatch(rf"{CONFIG_MAP}-[a-z0-9]{{10}}", config_name),
           f"{name}: ConfigMap {config_name} has no content hash in its name, so an edit would not roll the pods")
    expect(source_text is None or config_map["data"][key] == source_text,
           f"{name}: ConfigMap {config_name} entry {key} differs from the configMapGenerator's file")
    return path, config_map["data"][key]


def check_base(name, objs, config_text=None):
    """The promises every overlay keeps: the base's workload, service, webhook and NetworkPolicy."""
    deployment = objs.get(("Deployment", SERVICE))
    service = objs.get(("Service", SERVICE))
    webhook_config = objs.get(("ValidatingWebhookConfiguration", SERVICE))
    for kind in ("Namespace", "ServiceAccount", "Deployment", "PodDisruptionBudget", "Service", "NetworkPolicy",
                 "ValidatingWebhookConfiguration"):
        expect((kind, SERVICE) in objs, f"{name}: no {kind} {SERVICE}")
    if not (deployment and service and webhook_config):
        return None
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    expect(spec.get("replicas", 1) >= 2, f"{name}: Deployment runs fewer than 2 replicas")
    expect(any(c.get("topologyKey") == "kubernetes.io/hostname" for c in pod.get("topologySpreadConstraints", [])),
           f"{name}: replicas are not spread across nodes")
    expect(pod.get("automountServiceAccountToken") is False, f"{name}: the pod mounts a service account token")
    pod_security = pod.get("securityContext", {})
    expect(pod_security.get("runAsNonRoot") is True, f"{name}: pod securityContext lacks runAsNonRoot")
    expect(pod_security.get("seccompProfile", {}).get("type") == "RuntimeDefault", f"{name}: seccomp not RuntimeDefault")
    containers = pod["containers"]
    expect(len(containers) == 1, f"{name}: expected one container")
    container = containers[0]
    security = container.get("securityContext", {})
    expect(security.get("readOnlyRootFilesystem") is True, f"{name}: root file system is writable")
    expect(security.get("allowPrivilegeEscalation") is False, f"{name}: privilege escalation allowed")
    expect(security.get("capabilities", {}).get("drop") == ["ALL"], f"{name}: capabilities not all dropped")
    resources = container.get("resources", {})
    expect({"cpu", "memory"} <= set(resources.get("requests", {})), f"{name}: cpu and memory requests missing")
    expect("memory" in resources.get("limits", {}), f"{name}: memory limit missing")
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = container.get(probe, {}).get("httpGet", {})
        expect(get.get("path") == path and get.get("scheme") == "HTTPS", f"{name}: {probe} is not HTTPS {path}")
    args = container.get("args", [])
    expect(args[:1] == ["serve"], f"{name}: the container does not run serve")
    cert_dir = next((a.split("=", 1)[1] for a in args if a.startswith("--cert-dir=")), None)
    mount = next((m for m in container.get("volumeMounts", []) if m.get("mountPath") == cert_dir), None)
    expect(mount is not None, f"{name}: --cert-dir {cert_dir} is not a volume mount")
    volume = next((v for v in pod.get("volumes", []) if mount and v["name"] == mount["name"]), {})
    expect(volume.get("secret", {}).get("secretName") == SECRET, f"{name}: --cert-dir is not the Secret {SECRET}")
    check_config(name, objs, pod, container, config_text)
    port = next((p for p in container.get("ports", []) if p.get("name") == "https"), {})
    expect(port.get("containerPort") == 8443, f"{name}: container port https is not 8443")
    expect(f"--port={port.get('containerPort')}" in args, f"{name}: serve --port differs from the container port")

    pdb = objs.get(("PodDisruptionBudget", SERVICE), {})
    expect(pdb.get("spec", {}).get("minAvailable") == 1, f"{name}: PodDisruptionBudget does not keep one replica")
    for kind, selector in (("PodDisruptionBudget", pdb.get("spec", {}).get("selector", {}).get("matchLabels")),
                           ("Deployment", spec["selector"]["matchLabels"]),
                           ("Service", service["spec"]["selector"])):
        expect(selector and selector.items() <= labels.items(), f"{name}: {kind} selector does not match the pods")
    service_ports = service["spec"]["ports"]
    expect([(p["port"], p.get("targetPort")) for p in service_ports] == [(443, "https")],
           f"{name}: Service is not 443 -> https (8443)")

    hooks = webhook_config["webhooks"]
    expect(len(hooks) == 1 and hooks[0]["name"] == WEBHOOK, f"{name}: expected one webhook named {WEBHOOK}")
    hook = hooks[0]
    client = hook["clientConfig"].get("service", {})
    expect((client.get("namespace"), client.get("name"), client.get("path"), client.get("port")) ==
           (NAMESPACE, SERVICE, "/validate", 443), f"{name}: clientConfig.service is not {SERVICE_DNS}:443/validate")
    expect(service["metadata"]["namespace"] == NAMESPACE, f"{name}: Service is not in {NAMESPACE}")
    expect(hook.get("admissionReviewVersions") == ["v1"], f"{name}: admissionReviewVersions is not [v1]")
    expect(hook.get("sideEffects") == "None", f"{name}: sideEffects is not None")
    expect(hook.get("failurePolicy") == "Fail", f"{name}: failurePolicy is not Fail")
    expect(hook.get("matchPolicy") == "Equivalent", f"{name}: matchPolicy is not Equivalent")
    expect(1 <= hook.get("timeoutSeconds", 10) <= 10, f"{name}: timeoutSeconds is not a few seconds")
    expect(hook.get("rules") == [{
        "apiGroups": ["networking.k8s.io"], "apiVersions": ["v1"], "resources": ["networkpolicies"],
        "operations": ["CREATE", "UPDATE"], "scope": "Namespaced"}], f"{name}: rules are not CREATE/UPDATE of v1 networkpolicies")
    excluded = set()
    for requirement in hook.get("namespaceSelector", {}).get("matchExpressions", []):
        if requirement.get("key") == "kubernetes.io/metadata.name" and requirement.get("operator") == "NotIn":
            excluded |= set(requirement.get("values", []))
    expect({NAMESPACE, "kube-system"} <= excluded, f"{name}: namespaceSelector does not leave out {NAMESPACE} and kube-system")
    for obj in objs.values():
        namespace = obj.get("metadata", {}).get("namespace")
        expect(namespace in (None, NAMESPACE), f"{name}: {obj['kind']} {obj['metadata']['name']} is in {namespace}")

    policy = objs.get(("NetworkPolicy", SERVICE), {}).get("spec", {})
    expect(policy.get("podSelector", {}).get("matchLabels", {}).items() <= labels.items(),
           f"{name}: the NetworkPolicy does not select the webhook's pods")
    expect([p.get("port") for rule in policy.get("ingress", []) for p in rule.get("ports", [])] == [8443],
           f"{name}: the NetworkPolicy does not let in exactly port 8443")
    return hook


def check_manifests(build_dir, repo):
    """build_dir holds base.yaml, cert-manager.yaml, self-signed.yaml and certs/ca.crt."""
    config_file = config_source(repo)
    config_text = None
    if config_file:
        with open(f"{repo}/{config_file[0]}", encoding="utf-8") as stream:
            config_text = stream.read()
    base = index(load_stream(f"{build_dir}/base.yaml"))
    check_base("base", base, config_text)
    expect(("Secret", SECRET) not in base, "base: carries the TLS Secret (overlays supply it)")

    objs = index(load_stream(f"{build_dir}/cert-manager.yaml"))
    hook = check_base("cert-manager", objs, config_text)
    webhook_config = objs.get(("ValidatingWebhookConfiguration", SERVICE), {})
    source = webhook_config.get("metadata", {}).get("annotations", {}).get("cert-manager.io/inject-ca-from", "")
    namespace, _, certificate_name = source.partition("/")
    certificate = objs.get(("Certificate", certificate_name), {})
    expect(namespace == NAMESPACE and certificate, f"cert-manager: inject-ca-from {source!r} names no Certificate here")
    cert_spec = certificate.get("spec", {})
    expect(cert_spec.get("secretName") == SECRET, f"cert-manager: Certificate {certificate_name} does not write {SECRET}")
    expect(SERVICE_DNS in cert_spec.get("dnsNames", []), f"cert-manager: Certificate does not name {SERVICE_DNS}")
    issuer = cert_spec.get("issuerRef", {})
    expect((issuer.get("kind", "Issuer"), issuer.get("name")) in objs,
           f"cert-manager: issuerRef {issuer} is not in the overlay")
    if hook:
        expect("caBundle" not in hook["clientConfig"], "cert-manager: a caBundle is set by hand")

    objs = index(load_stream(f"{build_dir}/self-signed.yaml"))
    hook = check_base("self-signed", objs, config_text)
    secret = objs.get(("Secret", SECRET), {})
    expect(secret.get("type") == "kubernetes.io/tls" and {"tls.crt", "tls.key"} <= set(secret.get("data", {})),
           f"self-signed: no kubernetes.io/tls Secret {SECRET}")
    with open(f"{build_dir}/certs/ca.crt", "rb") as stream:
        ca = base64.b64encode(stream.read()).decode()
    if hook:
        expect(hook["clientConfig"].get("caBundle") == ca, "self-signed: caBundle is not base64 of certs/ca.crt")
    with open(f"{build_dir}/certs/tls.crt", "rb") as stream:
        expect(base64.b64decode(secret.get("data", {}).get("tls.crt", "")) == stream.read(),
               "self-signed: the Secret's tls.crt is not certs/tls.crt")

    # The image and the pods agree on the user, and the build context holds what the Dockerfile copies.
    with open(f"{repo}/deploy/Dockerfile", encoding="utf-8") as stream:
        dockerfile = stream.read()
    user = re.search(r"^USER (\d+):(\d+)$", dockerfile, re.M)
    pod_security = base[("Deployment", SERVICE)]["spec"]["template"]["spec"]["securityContext"]
    expect(user and (int(user[1]), int(user[2])) == (pod_security["runAsUser"], pod_security["runAsGroup"]),
           "Dockerfile USER is not numeric or differs from the pod's runAsUser:runAsGroup")
    expect(re.search(r"^FROM swift:6\.3", dockerfile, re.M) or "SWIFT_IMAGE=swift:6.3" in dockerfile,
           "Dockerfile does not build with Swift 6.3")
    expect("--static-swift-stdlib" in dockerfile, "Dockerfile does not link the Swift runtime statically")
    with open(f"{repo}/.dockerignore", encoding="utf-8") as stream:
        ignore = [line.strip() for line in stream if line.strip() and not line.startswith("#")]
    for copied in re.findall(r"^COPY (?!--from)(.+) \S+$", dockerfile, re.M):
        for path in copied.split():
            stem = path.rstrip("/").split("*")[0].rstrip(".")
            expect(any(rule.startswith("!" + stem) for rule in ignore),
                   f"Dockerfile copies {path}, which .dockerignore leaves out")
    finish("manifests")


def config(built_path, repo, out_path):
    """What serve --config reads in the pods of this build, for .ci/check-deploy to run serve and checks on."""
    objs = index(load_stream(built_path))
    deployment = objs.get(("Deployment", SERVICE))
    source = config_source(repo)
    if expect(deployment is not None, f"{built_path}: no Deployment {SERVICE}") and source:
        pod = deployment["spec"]["template"]["spec"]
        with open(f"{repo}/{source[0]}", encoding="utf-8") as stream:
            checked = check_config(built_path, objs, pod, pod["containers"][0], stream.read())
        if checked and not failures:
            with open(out_path, "w", encoding="utf-8") as stream:
                stream.write(checked[1])
            print(f"{checked[0]}\t{source[0]}")
    finish("config")


def review(policy_path):
    """An AdmissionReview as kube-apiserver sends it for `kubectl apply -f POLICY` (a CREATE)."""
    (policy,) = load_stream(policy_path)
    meta = policy["metadata"]
    print(json.dumps({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": "00000000-0000-4000-8000-000000000001",
            "kind": {"group": "networking.k8s.io", "version": "v1", "kind": "NetworkPolicy"},
            "resource": {"group": "networking.k8s.io", "version": "v1", "resource": "networkpolicies"},
            "requestKind": {"group": "networking.k8s.io", "version": "v1", "kind": "NetworkPolicy"},
            "requestResource": {"group": "networking.k8s.io", "version": "v1", "resource": "networkpolicies"},
            "name": meta["name"],
            "namespace": meta["namespace"],
            "operation": "CREATE",
            "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters", "system:authenticated"]},
            "object": policy,
            "oldObject": None,
            "dryRun": False,
            "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions", "fieldManager": "kubectl-client-side-apply"},
        },
    }, indent=2))


def denial(response_path, source):
    """What a client prints for the webhook's denial, as kube-apiserver wraps it.

    kube-apiserver prefixes the webhook's status message with `admission webhook "NAME" denied the request: `
    and keeps its reason, code and details. kubectl apply adds `error when creating "FILE": ` to the message,
    then prints a reason-Invalid error with causes as `The KIND "NAME" is invalid: FIELD: MESSAGE` (one line per
    cause, `* ` bullets when there are several; kubectl's cmd/util checkErr), anything else as
    `Error from server (REASON): MESSAGE`. Clients that print the error string (client-go, Helm, Argo CD) show
    the wrapped message. Warnings come as Warning headers, even on a denial, and kubectl (client-go's warning
    handler) prints each as `Warning: TEXT` on stderr before the error.
    """
    with open(response_path, encoding="utf-8") as stream:
        response = json.load(stream)["response"]
    if response.get("allowed"):
        sys.exit(f"check-deploy: denial: the webhook allowed {source}")
    status = response.get("status", {})
    message = f'admission webhook "{WEBHOOK}" denied the request: {status.get("message", "")}'
    details, reason = status.get("details"), status.get("reason", "")
    if reason == "Invalid" and details:
        heading = f'The {details.get("kind", "")} "{details.get("name", "")}" is invalid'
        causes = list(dict.fromkeys(f'{c.get("field", "")}: {c.get("message", "")}' for c in details.get("causes", [])))
        if not causes:
            kubectl = heading
        elif len(causes) == 1:
            kubectl = f"{heading}: {causes[0]}"
        else:
            kubectl = f"{heading}: \n" + "\n".join(f"* {cause}" for cause in causes)
    else:
        prefix = f"Error from server ({reason})" if reason else "Error from server"
        kubectl = f'{prefix}: error when creating "{source}": {message}'
    warnings = [f"Warning: {warning}" for warning in response.get("warnings", [])]
    print(json.dumps({"kubectl": kubectl, "message": message, "warnings": warnings}))


def pre_commit(paths):
    for path in paths:
        documents = load_stream(path)
        hooks = documents[0] if documents else None
        if isinstance(hooks, dict):
            hooks = [hook for repo in hooks.get("repos", []) for hook in repo.get("hooks", [])]
        if not expect(isinstance(hooks, list) and hooks, f"{path}: no hooks"):
            continue
        for hook in hooks:
            missing = {"id", "name", "entry", "language"} - set(hook)
            expect(not missing, f"{path}: hook {hook.get('id')} lacks {sorted(missing)}")
            expect(" lint" in hook.get("entry", ""), f"{path}: hook {hook.get('id')} does not run lint")
            try:
                re.compile(hook.get("files", ""))
            except re.error as error:
                failures.append(f"{path}: hook {hook.get('id')} files is not a regex: {error}")
    finish("pre-commit")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "parse":
        parse(arguments)
    elif command == "manifests":
        check_manifests(*arguments)
    elif command == "config":
        config(*arguments)
    elif command == "review":
        review(*arguments)
    elif command == "denial":
        denial(*arguments)
    elif command == "pre-commit":
        pre_commit(arguments)
    else:
        sys.exit(f"check_deploy.py: unknown command {command}")
