import NetworkPolicyValidation

/// The two directions of a spec seen alike: each rule's path, peers and ports, so rules that do not care about
/// the direction are written once.
struct PolicyWalk {
    enum Direction: String, CaseIterable {
        case ingress = "Ingress"
        case egress = "Egress"

        /// `from` or `to`.
        var peersField: String { self == .ingress ? "from" : "to" }
        var specField: String { self == .ingress ? "ingress" : "egress" }
    }

    struct Rule: Hashable {
        var direction: Direction
        var index: Int
        var ports: [NetworkPolicyPort]?
        var peers: [NetworkPolicyPeer]?

        /// `spec.ingress[0]`: built when a hit needs it, as most rules have none.
        var path: FieldPath { FieldPath.root("spec").child(direction.specField).index(index) }
    }

    static func rules(of spec: NetworkPolicySpec, _ direction: Direction) -> [Rule] {
        switch direction {
        case .ingress:
            return (spec.ingress ?? []).enumerated().map {
                Rule(direction: direction, index: $0, ports: $1.ports, peers: $1.from)
            }
        case .egress:
            return (spec.egress ?? []).enumerated().map {
                Rule(direction: direction, index: $0, ports: $1.ports, peers: $1.to)
            }
        }
    }

    /// Every ipBlock of the spec with its path, ingress first.
    static func ipBlocks(of spec: NetworkPolicySpec) -> [(block: IPBlock, path: FieldPath)] {
        var blocks: [(block: IPBlock, path: FieldPath)] = []
        // Paths only for the peers that hold an ipBlock, and no per-rule arrays: this runs for every policy.
        func collect(_ peers: [NetworkPolicyPeer]?, rule: Int, _ direction: Direction) {
            for (index, peer) in (peers ?? []).enumerated() {
                guard let block = peer.ipBlock else { continue }
                let path = FieldPath.root("spec").child(direction.specField).index(rule)
                    .child(direction.peersField).index(index).child("ipBlock")
                blocks.append((block, path))
            }
        }
        for (index, rule) in (spec.ingress ?? []).enumerated() { collect(rule.from, rule: index, .ingress) }
        for (index, rule) in (spec.egress ?? []).enumerated() { collect(rule.to, rule: index, .egress) }
        return blocks
    }

    /// The policy types as given (the policy is defaulted, so they are never empty).
    static func isolates(_ spec: NetworkPolicySpec, _ direction: Direction) -> Bool {
        (spec.policyTypes ?? []).contains(direction.rawValue)
    }
}
