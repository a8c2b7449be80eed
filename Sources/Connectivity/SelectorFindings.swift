import NetworkPolicyValidation
import PolicyChecks

/// What the manifests say a policy's selectors and named ports reach, for lint's checks on the same engine:
/// a `podSelector` that selects no workload of its namespace (`selects-no-pods`), a rule peer whose selectors
/// match nothing in the files (`peer-selects-nothing`, the usual label typo), a named port no destination
/// workload declares (`named-port-unresolved`).
public struct SelectorFinding: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case selectsNoPods
        case peerSelectsNothing
        case namedPortUnresolved
    }

    public var kind: Kind
    /// `spec.podSelector`, `spec.ingress[0].from[1]`, `spec.egress[0].ports[2].port`
    public var path: FieldPath
    public var detail: String
}

extension ConnectivityAnalysis {
    /// The findings on `cluster.policies[index]`; none when the files hold no workload of its namespace
    /// (nothing to judge).
    public func selectorFindings(ofPolicy index: Int) -> [SelectorFinding] {
        let policy = cluster.policies[index]
        let namespaceShapes = shapes.indices.filter { shapes[$0].namespace == policy.namespace }
        guard !namespaceShapes.isEmpty else { return [] }
        var findings: [SelectorFinding] = []
        let spec = FieldPath.root("spec")
        let selected = namespaceShapes.filter { (policy.spec.podSelector ?? LabelSelector()).matches(shapes[$0].labels) }
        if selected.isEmpty {
            findings.append(
                SelectorFinding(
                    kind: .selectsNoPods, path: spec.child("podSelector"),
                    detail: "selects no workload of namespace \(policy.namespace) in the files"))
        }
        let knownNamespaces = Set(cluster.namespaces.keys).union(shapes.map(\.namespace))
        for direction in Direction.allCases {
            let rules: [([NetworkPolicyPort]?, [NetworkPolicyPeer]?)] =
                direction == .ingress
                ? (policy.spec.ingress ?? []).map { ($0.ports, $0.from) }
                : (policy.spec.egress ?? []).map { ($0.ports, $0.to) }
            let peersField = direction == .ingress ? "from" : "to"
            for (ruleIndex, rule) in rules.enumerated() {
                let rulePath = spec.child(direction.rawValue).index(ruleIndex)
                var matched: Set<Int> = []
                for (peerIndex, peer) in (rule.1 ?? []).enumerated() where peer.ipBlock == nil {
                    let shapesMatched = shapes.indices.filter {
                        CompiledRule.peer(peer, in: policy.namespace, matches: shapes[$0], cluster.labels(ofNamespace:))
                    }
                    matched.formUnion(shapesMatched)
                    guard shapesMatched.isEmpty else { continue }
                    // A namespaceSelector alone may well pick a namespace without workloads in the files: only a
                    // selector matching no namespace at all is a typo there.
                    if let selector = peer.namespaceSelector, peer.podSelector == nil,
                        knownNamespaces.contains(where: { selector.matches(cluster.labels(ofNamespace: $0)) })
                    {
                        continue
                    }
                    let what = peer.podSelector == nil ? "no namespace" : "no workload"
                    findings.append(
                        SelectorFinding(
                            kind: .peerSelectsNothing, path: rulePath.child(peersField).index(peerIndex),
                            detail: "selects \(what) in the files"))
                }
                // Named ports resolve against the destination: the selected pods for ingress, the peers for egress
                // (every workload when the rule has no peers).
                let destinations: [Int] =
                    direction == .ingress ? selected : (rule.1 ?? []).isEmpty ? Array(shapes.indices) : matched.sorted()
                guard !destinations.isEmpty else { continue }
                for (portIndex, port) in (rule.0 ?? []).enumerated() {
                    guard case .string(let name) = port.port else { continue }
                    let proto = TransportProtocol(name: port.protocol ?? "TCP")
                    let declared = destinations.contains { shape in
                        shapes[shape].ports.contains { $0.name == name && $0.proto == proto }
                    }
                    guard !declared else { continue }
                    findings.append(
                        SelectorFinding(
                            kind: .namedPortUnresolved, path: rulePath.child("ports").index(portIndex).child("port"),
                            detail: "no \(direction == .ingress ? "selected" : "destination") workload declares a "
                                + "\(proto?.rawValue ?? port.protocol ?? "TCP") container port named \"\(name)\", so "
                                + "it opens nothing"))
                }
            }
        }
        return findings
    }
}
