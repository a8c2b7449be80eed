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

    /// The policy types as given (the policy is defaulted, so they are never empty).
    static func isolates(_ spec: NetworkPolicySpec, _ direction: Direction) -> Bool {
        (spec.policyTypes ?? []).contains(direction.rawValue)
    }
}
