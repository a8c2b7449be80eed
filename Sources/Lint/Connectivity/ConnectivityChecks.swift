import Connectivity
import NetworkPolicyValidation
import PolicyChecks

/// What the checks on the connectivity engine keep of one object while files are read: a workload's pods, or an
/// accepted policy with its ignored checks and where its selectors and named ports are.
struct ConnectivityFacts: Hashable, Sendable {
    var workload: Workload?
    var policy: Policy?
    var ignored: Set<Check> = []
    /// Where `spec.podSelector`, each selector peer and each named port stand, the only paths findings name.
    var positions: [FieldPath: SourcePosition] = [:]

    /// Nil for an object that runs no pods.
    init?(workloadOf node: YAMLNode, kind: String, file: String) {
        guard let workload = WorkloadTemplate.workload(of: node, kind: kind, file: file) else { return nil }
        self.workload = workload
    }

    init(policy decoded: NetworkPolicy, node: YAMLNode) {
        let policy = Policy(decoded)
        self.policy = policy
        ignored = IgnoreAnnotation.checks(in: decoded.metadata.annotations)
        let spec = FieldPath.root("spec")
        positions[spec.child("podSelector")] = NodeLocator.position(of: spec.child("podSelector"), in: node)
        let rules: [(Direction, [[NetworkPolicyPeer]?], [[NetworkPolicyPort]?])] = [
            (.ingress, (policy.spec.ingress ?? []).map(\.from), (policy.spec.ingress ?? []).map(\.ports)),
            (.egress, (policy.spec.egress ?? []).map(\.to), (policy.spec.egress ?? []).map(\.ports)),
        ]
        for (direction, peersOfRules, portsOfRules) in rules {
            for (ruleIndex, peers) in peersOfRules.enumerated() {
                let rule = spec.child(direction.rawValue).index(ruleIndex)
                for (peerIndex, peer) in (peers ?? []).enumerated() where peer.ipBlock == nil {
                    let path = rule.child(direction == .ingress ? "from" : "to").index(peerIndex)
                    positions[path] = NodeLocator.position(of: path, in: node)
                }
                for (portIndex, port) in (portsOfRules[ruleIndex] ?? []).enumerated() {
                    guard case .string = port.port else { continue }
                    let path = rule.child("ports").index(portIndex).child("port")
                    positions[path] = NodeLocator.position(of: path, in: node)
                }
            }
        }
    }
}

/// `selects-no-pods`, `peer-selects-nothing` and `named-port-unresolved`: every accepted policy of the run judged
/// against the workloads and namespaces of the run by the connectivity engine, once all files are read. A
/// namespace without workloads in the files is not judged.
enum ConnectivityChecks {
    static let checks: [(SelectorFinding.Kind, Check)] = [
        (.selectsNoPods, .selectsNoPods), (.peerSelectsNothing, .peerSelectsNothing),
        (.namedPortUnresolved, .namedPortUnresolved),
    ]

    static func apply(to files: inout [FileReport], configuration: CheckConfiguration, options: LintOptions) {
        guard checks.contains(where: { configuration.severity(of: $0.1) != .off }) else { return }
        var namespaces: [String: [String: String]] = [:]
        var workloads: [Workload] = []
        var policies: [Policy] = []
        var policyObjects: [(file: Int, object: Int)] = []
        for fileIndex in files.indices {
            for objectIndex in files[fileIndex].objects.indices {
                let object = files[fileIndex].objects[objectIndex]
                if case .namespace(let name, let labels, _) = object.facts {
                    namespaces[name, default: [:]].merge(labels) { $1 }
                }
                if let workload = object.connectivity?.workload { workloads.append(workload) }
                if let policy = object.connectivity?.policy {
                    policies.append(policy)
                    policyObjects.append((fileIndex, objectIndex))
                }
            }
        }
        guard !workloads.isEmpty, !policies.isEmpty else { return }
        // Pods are not folded into their owners here: only the shapes (namespace, labels, ports) matter.
        let analysis = ConnectivityAnalysis(Cluster(namespaces: namespaces, workloads: workloads, policies: policies))
        for (policyIndex, place) in policyObjects.enumerated() {
            let policy = policies[policyIndex]
            let labels = CheckContext.labels(ofNamespace: policy.namespace, extra: namespaces[policy.namespace] ?? [:])
            guard !configuration.isExempt(namespace: policy.namespace, labels: labels) else { continue }
            let object = files[place.file].objects[place.object]
            let facts = object.connectivity!
            for finding in analysis.selectorFindings(ofPolicy: policyIndex) {
                guard let check = checks.first(where: { $0.0 == finding.kind })?.1 else { continue }
                let severity = configuration.severity(of: check)
                guard severity != .off, !facts.ignored.contains(check) else { continue }
                let message = CheckFinding(check: check, severity: severity, path: finding.path, detail: finding.detail)
                    .message
                files[place.file].objects[place.object].findings.append(
                    Finding(
                        file: object.file, position: facts.positions[finding.path] ?? object.position,
                        object: object.name, field: finding.path.description,
                        severity: severity == .deny || options.warningsAsErrors ? .error : .warning, rule: check.id,
                        message: message))
            }
        }
    }
}
