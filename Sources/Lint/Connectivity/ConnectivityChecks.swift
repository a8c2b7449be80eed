import Connectivity
import NetworkPolicyValidation
import PolicyChecks

/// What the checks on the connectivity engine keep of one object while files are read: a workload's pods, or an
/// accepted policy. A policy is compiled for the engine only in `ConnectivityChecks`, and only when the files hold
/// workloads of its namespace (usually they hold none): here it keeps its name, the checks its annotation switches
/// off and where findings can point.
enum ConnectivityFacts: Hashable, Sendable {
    case workload(Workload)
    case policy(PolicySource)

    /// Nil for an object that runs no pods.
    init?(workloadOf node: YAMLNode, kind: String, file: String) {
        guard let workload = WorkloadTemplate.workload(of: node, kind: kind, file: file) else { return nil }
        self = .workload(workload)
    }

    /// An accepted policy's name and annotations; `node` its object.
    init(policyNamed name: String, annotations: [String: String]?, node: YAMLNode) {
        self = .policy(PolicySource(name: name, annotations: annotations, node: node))
    }

    /// An accepted policy as read: enough to build the engine's `Policy` from its defaulted spec (kept in
    /// `ObjectFacts`) and to find where a finding points.
    struct PolicySource: Hashable, Sendable {
        var name: String
        var ignored: Set<Check>
        /// Where `spec.podSelector`'s key is.
        var podSelectorPosition: SourcePosition?
        /// Each selector peer (not an ipBlock) and each named port of the rules, the only other places findings
        /// point at. Only the (few) entries that can be pointed at are kept, in one array.
        var anchors: [Anchor] = []

        /// `spec.<direction>[rule].<from|to>[entry]`, or `spec.<direction>[rule].ports[entry].port` (`isPort`).
        struct Anchor: Hashable, Sendable {
            var isIngress: Bool
            var rule: Int
            var isPort: Bool
            var entry: Int
            var position: SourcePosition
        }

        init(name: String, annotations: [String: String]?, node: YAMLNode) {
            self.name = name
            ignored = IgnoreAnnotation.checks(in: annotations)
            let spec = node["spec"]
            podSelectorPosition = spec?.entry(named: "podSelector")?.keyPosition
            for direction in Direction.allCases {
                guard case .sequence(let rules) = spec?[direction.rawValue]?.value else { continue }
                let isIngress = direction == .ingress
                for (ruleIndex, rule) in rules.enumerated() {
                    if case .sequence(let peers) = rule[isIngress ? "from" : "to"]?.value {
                        for (entry, peer) in peers.enumerated() where peer["ipBlock"] == nil {
                            anchors.append(
                                Anchor(
                                    isIngress: isIngress, rule: ruleIndex, isPort: false, entry: entry,
                                    position: peer.position))
                        }
                    }
                    if case .sequence(let ports) = rule["ports"]?.value {
                        for (entry, port) in ports.enumerated() {
                            guard let value = port["port"], case .string = value.value else { continue }
                            anchors.append(
                                Anchor(
                                    isIngress: isIngress, rule: ruleIndex, isPort: true, entry: entry,
                                    position: value.position))
                        }
                    }
                }
            }
        }

        /// The engine's policy: `spec` defaulted, `namespace` set.
        func policy(namespace: String, spec defaulted: NetworkPolicySpec) -> Policy {
            Policy(
                NetworkPolicy(metadata: ObjectMeta(name: name, namespace: namespace), spec: defaulted),
                isDefaulted: true)
        }

        /// Where a finding's path points: `spec.podSelector`, `spec.<direction>[r].<from|to>[p]` or
        /// `spec.<direction>[r].ports[p].port`.
        func position(of path: FieldPath) -> SourcePosition? {
            let elements = path.elements
            if elements.count == 2 { return podSelectorPosition }
            guard elements.count >= 5, case .child(let direction) = elements[1], case .index(let rule) = elements[2],
                case .child(let field) = elements[3], case .index(let entry) = elements[4]
            else { return nil }
            let isIngress = direction == Direction.ingress.rawValue
            let isPort = field == "ports"
            return anchors.first {
                $0.isIngress == isIngress && $0.rule == rule && $0.isPort == isPort && $0.entry == entry
            }?.position
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

    /// Whether any of the three checks runs: their facts are kept only then.
    static func isOn(_ configuration: CheckConfiguration) -> Bool {
        checks.contains { configuration.severity(of: $0.1) != .off }
    }

    static func apply(to files: inout [FileReport], configuration: CheckConfiguration, options: LintOptions) {
        guard isOn(configuration) else { return }
        var namespaces: [String: [String: String]] = [:]
        var workloads: [Workload] = []
        var workloadNamespaces: Set<String> = []
        // Reports are read in place: a local copy of one would retain and release every field it holds.
        for fileIndex in files.indices {
            for objectIndex in files[fileIndex].objects.indices {
                if case .namespace(let name, let labels, _) = files[fileIndex].objects[objectIndex].facts {
                    namespaces[name, default: [:]].merge(labels) { $1 }
                }
                if case .workload(let workload) = files[fileIndex].objects[objectIndex].connectivity {
                    workloads.append(workload)
                    workloadNamespaces.insert(workload.namespace)
                }
            }
        }
        guard !workloads.isEmpty else { return }
        // Only policies of namespaces with workloads can have findings (`selectorFindings` judges no other), and
        // one policy's findings do not depend on the others: the rest are not compiled at all.
        var policies: [Policy] = []
        var policyObjects: [(file: Int, object: Int)] = []
        for fileIndex in files.indices {
            for objectIndex in files[fileIndex].objects.indices {
                guard case .policy(let source) = files[fileIndex].objects[objectIndex].connectivity,
                    case .policy(let summary, let spec, _) = files[fileIndex].objects[objectIndex].facts,
                    workloadNamespaces.contains(summary.namespace)
                else { continue }
                policies.append(source.policy(namespace: summary.namespace, spec: spec))
                policyObjects.append((fileIndex, objectIndex))
            }
        }
        guard !policies.isEmpty else { return }
        // Pods are not folded into their owners here: only the shapes (namespace, labels, ports) matter.
        let analysis = ConnectivityAnalysis(Cluster(namespaces: namespaces, workloads: workloads, policies: policies))
        for (policyIndex, place) in policyObjects.enumerated() {
            let namespace = policies[policyIndex].namespace
            let labels = CheckContext.labels(ofNamespace: namespace, extra: namespaces[namespace] ?? [:])
            guard !configuration.isExempt(namespace: namespace, labels: labels) else { continue }
            guard case .policy(let source) = files[place.file].objects[place.object].connectivity else { continue }
            for finding in analysis.selectorFindings(ofPolicy: policyIndex) {
                guard let check = checks.first(where: { $0.0 == finding.kind })?.1 else { continue }
                let severity = configuration.severity(of: check)
                guard severity != .off, !source.ignored.contains(check) else { continue }
                let message = CheckFinding(check: check, severity: severity, path: finding.path, detail: finding.detail)
                    .message
                let position = source.position(of: finding.path) ?? files[place.file].objects[place.object].position
                files[place.file].objects[place.object].findings.append(
                    Finding(
                        file: files[place.file].objects[place.object].file, position: position,
                        object: files[place.file].objects[place.object].name, field: finding.path.description,
                        severity: severity == .deny || options.warningsAsErrors ? .error : .warning, rule: check.id,
                        message: message))
            }
        }
    }
}
