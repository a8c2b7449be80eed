import NetworkPolicyValidation

/// `sctp-protocol`: ports with `protocol: SCTP`, which only some CNI plugins enforce.
enum ProtocolRules {
    static func sctp(_ spec: NetworkPolicySpec) -> [Hit] {
        PolicyWalk.Direction.allCases.flatMap { direction in
            PolicyWalk.rules(of: spec, direction).flatMap { rule in
                (rule.ports ?? []).enumerated().compactMap { index, port in
                    guard port.protocol == "SCTP" else { return nil }
                    return Hit(
                        rule.path.child("ports").index(index).child("protocol"),
                        "SCTP needs support in the cluster's CNI plugin, which many lack; make sure yours enforces "
                            + "it, or use TCP or UDP")
                }
            }
        }
    }
}
