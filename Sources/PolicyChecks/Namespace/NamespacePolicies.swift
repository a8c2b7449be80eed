import NetworkPolicyValidation

/// The checks that need every policy of a namespace (`lint`, where the files hold them): `egress-blocks-dns`
/// across policies and `missing-default-deny`.
public enum NamespacePolicies {
    /// What DNS `policy` gets from itself and every policy of `all` (same namespace, isolating egress) that
    /// selects at least its pods.
    public static func dnsAccess(of policy: PolicySummary, among all: [PolicySummary]) -> DNSAccess {
        dnsAccess(of: policy, in: DNSIndex(all.filter { $0.namespace == policy.namespace }))
    }

    /// The policies of one namespace that isolate egress, split so that judging each of n policies stays cheap:
    /// those with `podSelector: {}` cover every pod and are folded into one union up front; only the others are
    /// compared with a policy, and only while it still lacks DNS.
    public struct DNSIndex: Sendable {
        let everyPod: DNSAccess
        let selective: [PolicySummary]
        /// The positions in `selective` of each DNS access its policies have (at most 8 kinds), in order: a
        /// policy only needs to look at those that would add to what it already has.
        let positionsByDNS: [(dns: DNSAccess, positions: [Int])]

        public init(_ policies: [PolicySummary]) {
            var everyPod = DNSAccess()
            var selective: [PolicySummary] = []
            // A policy that opens no DNS port cannot change anyone's answer: leave it out.
            for policy in policies where policy.isolatesEgress && policy.dns != DNSAccess() {
                if policy.podSelector.isEmpty {
                    everyPod = everyPod.union(policy.dns)
                } else {
                    selective.append(policy)
                }
            }
            self.everyPod = everyPod
            self.selective = selective
            var positionsByDNS: [(dns: DNSAccess, positions: [Int])] = []
            for (position, policy) in selective.enumerated() {
                if let kind = positionsByDNS.firstIndex(where: { $0.dns == policy.dns }) {
                    positionsByDNS[kind].positions.append(position)
                } else {
                    positionsByDNS.append((policy.dns, [position]))
                }
            }
            self.positionsByDNS = positionsByDNS
        }
    }

    /// `dnsAccess(of:among:)` over a prepared index of the namespace's policies (the index must hold only
    /// policies of `policy`'s namespace).
    public static func dnsAccess(of policy: PolicySummary, in index: DNSIndex) -> DNSAccess {
        // In `selective` order, the policies whose DNS access would widen ours, until DNS is open: the walk
        // skips the others kind by kind (one cursor per kind of access) rather than one by one.
        var access = policy.dns.union(index.everyPod)
        var cursors = [Int](repeating: 0, count: index.positionsByDNS.count)
        var position = 0
        while !access.isOpen {
            var next: (position: Int, kind: Int)?
            for (kind, entry) in index.positionsByDNS.enumerated() where access.union(entry.dns) != access {
                let positions = entry.positions
                while cursors[kind] < positions.count && positions[cursors[kind]] < position { cursors[kind] += 1 }
                if cursors[kind] < positions.count, positions[cursors[kind]] < next?.position ?? Int.max {
                    next = (positions[cursors[kind]], kind)
                }
            }
            guard let next else { break }
            if policy.isCovered(by: index.selective[next.position]) {
                access = access.union(index.positionsByDNS[next.kind].dns)
            }
            position = next.position + 1
        }
        return access
    }

    /// The `egress-blocks-dns` finding for `policy` given the namespace's policies, or nil when they open DNS.
    /// `spec` and `severity` come from the policy's own finding.
    public static func dnsFinding(
        for policy: PolicySummary, spec: NetworkPolicySpec, among all: [PolicySummary], severity: CheckSeverity
    ) -> CheckFinding? {
        dnsFinding(
            for: policy, spec: spec, in: DNSIndex(all.filter { $0.namespace == policy.namespace }), severity: severity)
    }

    /// `dnsFinding(for:spec:among:severity:)` over a prepared index of the namespace's policies.
    public static func dnsFinding(
        for policy: PolicySummary, spec: NetworkPolicySpec, in index: DNSIndex, severity: CheckSeverity
    ) -> CheckFinding? {
        let access = dnsAccess(of: policy, in: index)
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
