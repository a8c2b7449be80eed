import Connectivity
import NetworkPolicyValidation
import PolicyChecks

/// What the checks on the connectivity engine keep of one object while files are read: a workload's pods, or an
/// accepted policy with its ignored checks and where its selectors and named ports are.
struct ConnectivityFacts: Hashable, Sendable {
    var workload: Workload?
    var policy: Policy?
    var ignored: Set<Check> = []
    /// Where `spec.podSelector` is, and per direction, rule and entry, each selector peer and each named port
    /// (nil for the others): the only places findings point at.
    var podSelectorPosition: SourcePosition?
    var peerPositions = PerDirectionPositions()
    var portPositions = PerDirectionPositions()

    /// `[rule][entry]` positions of ingress and egress rules.
    struct PerDirectionPositions: Hashable, Sendable {
        var ingress: [[SourcePosition?]] = []
        var egress: [[SourcePosition?]] = []
    }

    /// Nil for an object that runs no pods.
    init?(workloadOf node: YAMLNode, kind: String, file: String) {
        guard let workload = WorkloadTemplate.workload(of: node, kind: kind, file: file) else { return nil }
        self.workload = workload
    }

    /// `policy` defaulted, with its namespace set.
    init(policy defaulted: NetworkPolicy, node: YAMLNode) {
        policy = Policy(defaulted, isDefaulted: true)
        ignored = IgnoreAnnotation.checks(in: defaulted.metadata.annotations)
        let spec = node["spec"]
        podSelectorPosition = spec?.entry(named: "podSelector")?.keyPosition
        for direction in Direction.allCases {
            let peersField = direction == .ingress ? "from" : "to"
            guard case .sequence(let rules) = spec?[direction.rawValue]?.value else { continue }
            var peers: [[SourcePosition?]] = []
            var ports: [[SourcePosition?]] = []
            for rule in rules {
                peers.append(Self.items(of: rule[peersField]) { $0["ipBlock"] == nil ? $0.position : nil })
                ports.append(
                    Self.items(of: rule["ports"]) { port in
                        guard let value = port["port"], case .string = value.value else { return nil }
                        return value.position
                    })
            }
            if direction == .ingress {
                peerPositions.ingress = peers
                portPositions.ingress = ports
            } else {
                peerPositions.egress = peers
                portPositions.egress = ports
            }
        }
    }

    private static func items(of node: YAMLNode?, _ position: (YAMLNode) -> SourcePosition?) -> [SourcePosition?] {
        guard case .sequence(let items) = node?.value else { return [] }
        return items.map(position)
    }

    /// Where a finding's path points: `spec.podSelector`, `spec.<direction>[r].<from|to>[p]` or
    /// `spec.<direction>[r].ports[p].port`.
    func position(of path: FieldPath) -> SourcePosition? {
        let elements = path.elements
        if elements.count == 2 { return podSelectorPosition }
        guard elements.count >= 4, case .child(let direction) = elements[1], case .index(let rule) = elements[2],
            case .child(let field) = elements[3], elements.count >= 5, case .index(let entry) = elements[4]
        else { return nil }
        let table = field == "ports" ? portPositions : peerPositions
        let rules = direction == "ingress" ? table.ingress : table.egress
        guard rules.indices.contains(rule), rules[rule].indices.contains(entry) else { return nil }
        return rules[rule][entry]
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
                        file: object.file, position: facts.position(of: finding.path) ?? object.position,
                        object: object.name, field: finding.path.description,
                        severity: severity == .deny || options.warningsAsErrors ? .error : .warning, rule: check.id,
                        message: message))
            }
        }
    }
}
