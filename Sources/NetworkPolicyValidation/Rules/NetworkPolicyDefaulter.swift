/// The apiserver's defaulting for NetworkPolicy (`SetDefaults_NetworkPolicyPort`, `SetDefaults_NetworkPolicy`),
/// applied before validation.
public enum NetworkPolicyDefaulter {
    public static func defaulted(_ policy: NetworkPolicy) -> NetworkPolicy {
        var policy = policy
        if policy.spec.podSelector == nil {
            policy.spec.podSelector = LabelSelector()
        }
        // Written only where a port names no protocol: a policy whose ports all do (nearly every one) is not copied.
        for index in policy.spec.ingress?.indices ?? 0..<0 where lacksProtocol(policy.spec.ingress?[index].ports) {
            defaultProtocols(&policy.spec.ingress![index].ports)
        }
        for index in policy.spec.egress?.indices ?? 0..<0 where lacksProtocol(policy.spec.egress?[index].ports) {
            defaultProtocols(&policy.spec.egress![index].ports)
        }
        if (policy.spec.policyTypes ?? []).isEmpty {
            // An explicit `[]` counts as missing: the Go type is a slice and `len == 0` is all it checks.
            var types = ["Ingress"]
            if !(policy.spec.egress ?? []).isEmpty { types.append("Egress") }
            policy.spec.policyTypes = types
        }
        return policy
    }

    private static func lacksProtocol(_ ports: [NetworkPolicyPort]??) -> Bool {
        ports??.contains { $0.protocol == nil } ?? false
    }

    /// `TCP` for every port that names no protocol.
    private static func defaultProtocols(_ ports: inout [NetworkPolicyPort]?) {
        for index in ports?.indices ?? 0..<0 where ports?[index].protocol == nil {
            ports![index].protocol = "TCP"
        }
    }
}
