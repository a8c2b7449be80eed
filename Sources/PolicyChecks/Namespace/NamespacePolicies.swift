import NetworkPolicyValidation

/// The checks that need every policy of a namespace (`lint`, where the files hold them): `egress-blocks-dns`
/// across policies and `missing-default-deny`.
public enum NamespacePolicies {
    /// What DNS `policy` gets from itself and every policy of `all` (same namespace, isolating egress) that
    /// selects at least its pods.
    public static func dnsAccess(of policy: PolicySummary, among all: [PolicySummary]) -> DNSAccess {
        all.reduce(policy.dns) { access, other in
            other.isolatesEgress && policy.isCovered(by: other) ? access.union(other.dns) : access
        }
    }

    /// The `egress-blocks-dns` finding for `policy` given the namespace's policies, or nil when they open DNS.
    /// `spec` and `severity` come from the policy's own finding.
    public static func dnsFinding(
        for policy: PolicySummary, spec: NetworkPolicySpec, among all: [PolicySummary], severity: CheckSeverity
    ) -> CheckFinding? {
        let access = dnsAccess(of: policy, among: all)
        guard let hit = DNSRule.hit(spec, access: access, scope: .namespace, namespace: policy.namespace) else {
            return nil
        }
        return CheckFinding(check: .egressBlocksDNS, severity: severity, path: hit.path, detail: hit.detail)
    }

    /// The `missing-default-deny` text for a namespace holding `workload` (`Kind name`), or nil when one of
    /// `policies` selects every pod for ingress (and for egress when `egress` is set).
    public static func missingDefaultDeny(
        namespace: String, workload: String, policies: [PolicySummary], egress: Bool
    ) -> String? {
        let selectingAll = policies.filter { $0.namespace == namespace && $0.podSelector.isEmpty }
        var missing: [String] = []
        if !selectingAll.contains(where: \.isolatesIngress) { missing.append("Ingress") }
        if egress && !selectingAll.contains(where: \.isolatesEgress) { missing.append("Egress") }
        guard !missing.isEmpty else { return nil }
        let types = missing.joined(separator: ", ")
        return "namespace \(GoQuote.quote(namespace)) holds workloads (\(workload)) but no NetworkPolicy in the "
            + "linted files selects all its pods for \(missing.joined(separator: " and ")); add one with "
            + "podSelector: {} and policyTypes: [\(types)]"
    }
}
