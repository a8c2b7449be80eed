import NetworkPolicyValidation

/// `ignored-rules`, `allow-all-ingress` and `allow-all-egress`: what the rules of a policy actually admit.
enum RuleEffectRules {
    /// Rules of a direction that `policyTypes` leaves out: Kubernetes ignores them. Quiet when policyTypes holds
    /// values the apiserver rejects (its error says what is wrong).
    static func ignoredRules(_ spec: NetworkPolicySpec) -> [Hit] {
        let types = spec.policyTypes ?? []
        guard types.allSatisfy({ $0 == "Ingress" || $0 == "Egress" }) else { return [] }
        return PolicyWalk.Direction.allCases.compactMap { direction in
            let count = direction == .ingress ? spec.ingress?.count ?? 0 : spec.egress?.count ?? 0
            guard count > 0, !PolicyWalk.isolates(spec, direction) else { return nil }
            let rendered = "[" + types.map { GoQuote.quote($0) }.joined(separator: ", ") + "]"
            let rules =
                count == 1 ? "the \(direction.specField) rule has" : "the \(count) \(direction.specField) rules have"
            return Hit(
                .root("spec").child(direction.specField),
                "\(rules) no effect because spec.policyTypes \(rendered) leaves out \(direction.rawValue); add "
                    + "\"\(direction.rawValue)\" to spec.policyTypes or remove spec.\(direction.specField)")
        }
    }

    /// Rules and peers that admit everyone in `direction`: a rule without peers, a peer with an empty
    /// namespaceSelector (and no or an empty podSelector), an ipBlock of `0.0.0.0/0` or `::/0` without except.
    /// Rules of a direction the policy does not isolate are `ignored-rules` territory and skipped here; egress
    /// rules that open DNS ports only (the usual "allow DNS anywhere" rule) are what `egress-blocks-dns` asks for.
    static func allowAll(_ spec: NetworkPolicySpec, _ direction: PolicyWalk.Direction) -> [Hit] {
        guard PolicyWalk.isolates(spec, direction) else { return [] }
        let everyone = direction == .ingress ? "every source" : "every destination"
        let field = direction.peersField
        var hits: [Hit] = []
        PolicyWalk.forEachRule(of: spec, direction) { rule in
            if direction == .egress && DNSAccess.isDNSOnly(rule.ports) { return }
            let peers = rule.peers ?? []
            guard !peers.isEmpty else {
                let ports = (rule.ports ?? []).isEmpty ? "on every port" : "on its ports"
                hits.append(
                    Hit(
                        rule.path,
                        "the rule has no \(field) peers, so it admits \(everyone) (all pods in all namespaces and every "
                            + "address) \(ports); add \(field) peers that name who may connect"))
                return
            }
            for (index, peer) in peers.enumerated() {
                // Built only for a hit: most peers have none.
                func path() -> FieldPath { rule.path.child(field).index(index) }
                if let namespaces = peer.namespaceSelector, namespaces.isEmpty, peer.podSelector?.isEmpty ?? true {
                    hits.append(
                        Hit(
                            path(),
                            "the peer has an empty namespaceSelector, so it admits all pods in all namespaces; give "
                                + "namespaceSelector matchLabels, or use podSelector alone for this namespace"))
                } else if let block = peer.ipBlock, (block.except ?? []).isEmpty, Self.mayBeZeroPrefix(block.cidr),
                    let cidr = CIDRText(block.cidr), cidr.network.prefixLength == 0
                {
                    hits.append(
                        Hit(
                            path().child("ipBlock", "cidr"),
                            "\(GoQuote.quote(block.cidr)) without except admits every address; name the ranges you "
                                + "mean, or add except entries for the ranges to keep out"))
                }
            }
        }
        return hits
    }

    /// False for a CIDR whose prefix length has a digit other than 0: those are not /0, and parsing is the cost.
    static func mayBeZeroPrefix(_ cidr: String) -> Bool {
        guard let slash = cidr.utf8.lastIndex(of: UInt8(ascii: "/")) else { return true }
        return cidr.utf8[cidr.utf8.index(after: slash)...].allSatisfy { $0 == UInt8(ascii: "0") }
    }
}
