/// The apiserver's defaulting for NetworkPolicy (`SetDefaults_NetworkPolicyPort`, `SetDefaults_NetworkPolicy`),
/// applied before validation.
public enum NetworkPolicyDefaulter {
    public static func defaulted(_ policy: NetworkPolicy) -> NetworkPolicy {
        var policy = policy
        if policy.spec.podSelector == nil {
            policy.spec.podSelector = LabelSelector()
        }
        if let ingress = policy.spec.ingress {
            policy.spec.ingress = ingress.map { rule in
                var rule = rule
                rule.ports = rule.ports.map(defaultProtocols)
                return rule
            }
        }
        if let egress = policy.spec.egress {
            policy.spec.egress = egress.map { rule in
                var rule = rule
                rule.ports = rule.ports.map(defaultProtocols)
                return rule
            }
        }
        if (policy.spec.policyTypes ?? []).isEmpty {
            // An explicit `[]` counts as missing: the Go type is a slice and `len == 0` is all it checks.
            var types = ["Ingress"]
            if !(policy.spec.egress ?? []).isEmpty { types.append("Egress") }
            policy.spec.policyTypes = types
        }
        return policy
    }

    static func defaultProtocols(_ ports: [NetworkPolicyPort]) -> [NetworkPolicyPort] {
        ports.map { port in
            var port = port
            if port.protocol == nil { port.protocol = "TCP" }
            return port
        }
    }
}
