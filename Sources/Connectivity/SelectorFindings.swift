import NetworkPolicyValidation

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
    /// (nothing to judge). Rules of a direction left out of `policyTypes` are not judged (`ignored-rules` says
    /// they do nothing).
    public func selectorFindings(ofPolicy policyIndex: Int) -> [SelectorFinding] {
        let policy = cluster.policies[policyIndex]
        guard shapes.contains(where: { $0.namespace == policy.namespace }) else { return [] }
        var findings: [SelectorFinding] = []
        let spec = FieldPath.root("spec")
        let selected = selectedShapes[policyIndex]
        if selected.isEmpty {
            findings.append(
                SelectorFinding(
                    kind: .selectsNoPods, path: spec.child("podSelector"),
                    detail: "selects no workload of namespace \(policy.namespace) in the files"))
        }
        for rule in rulesOfPolicy[policyIndex].map({ rules[$0] }) {
            let rulePath = spec.child(rule.direction.rawValue).index(rule.index)
            let peersField = rule.direction == .ingress ? "from" : "to"
            for (peerIndex, match) in rule.peerMatches.enumerated() {
                guard let match, match.shapes.isEmpty else { continue }
                let peer = rule.peers[peerIndex]
                // A namespaceSelector alone may well pick a namespace without workloads in the files: only a
                // selector matching no namespace at all is a typo there.
                if peer.podSelector == nil && match.namespaces > 0 { continue }
                let what = peer.podSelector == nil ? "no namespace" : "no workload"
                findings.append(
                    SelectorFinding(
                        kind: .peerSelectsNothing, path: rulePath.child(peersField).index(peerIndex),
                        detail: "selects \(what) in the files"))
            }
            // Named ports resolve against the destination: the selected pods for ingress, the peers for egress.
            let destinations = rule.direction == .ingress ? selected : shapes.indices.filter { rule.shapes[$0] }
            guard !destinations.isEmpty else { continue }
            for (portIndex, port) in rule.ports.enumerated() {
                guard case .string(let name) = port.port else { continue }
                let proto = TransportProtocol(name: port.protocol ?? "TCP")
                let declared = destinations.contains { shape in
                    shapes[shape].ports.contains { $0.name == name && $0.proto == proto }
                }
                guard !declared else { continue }
                findings.append(
                    SelectorFinding(
                        kind: .namedPortUnresolved, path: rulePath.child("ports").index(portIndex).child("port"),
                        detail: "no \(rule.direction == .ingress ? "selected" : "destination") workload declares a "
                            + "\(port.protocol ?? "TCP") container port named \"\(name)\", so it opens nothing"))
            }
        }
        return findings
    }
}
