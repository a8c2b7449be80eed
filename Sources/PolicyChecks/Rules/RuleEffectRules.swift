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
        var hits: [Hit] = []
        switch direction {
        case .ingress: if let rules = spec.ingress { allowAll(rules, direction, into: &hits) }
        case .egress: if let rules = spec.egress { allowAll(rules, direction, into: &hits) }
        }
        return hits
    }

    /// `allowAll(_:_:)` of the rules of `direction`, read in place: taking each rule and peer out of its list
    /// retained every list, selector and string in it, which cost more than the tests.
    private static func allowAll<Rule: PeerRule>(
        _ rules: [Rule], _ direction: PolicyWalk.Direction, into hits: inout [Hit]
    ) {
        let everyone = direction == .ingress ? "every source" : "every destination"
        let field = direction.peersField
        rules.withUnsafeBufferPointer { rules in
            for index in rules.indices {
                // Built only for a hit: most rules have none.
                func rulePath() -> FieldPath { FieldPath.root("spec").child(direction.specField).index(index) }
                if direction == .egress && DNSAccess.isDNSOnly(rules[index].ports) { continue }
                guard let peerCount = rules[index].peers?.count, peerCount > 0 else {
                    let ports = rules[index].ports?.isEmpty ?? true ? "on every port" : "on its ports"
                    hits.append(
                        Hit(
                            rulePath(),
                            "the rule has no \(field) peers, so it admits \(everyone) (all pods in all namespaces and "
                                + "every address) \(ports); add \(field) peers that name who may connect"))
                    continue
                }
                rules[index].peers?.withUnsafeBufferPointer { peers in
                    for peerIndex in peers.indices {
                        func path() -> FieldPath { rulePath().child(field).index(peerIndex) }
                        if peers[peerIndex].namespaceSelector?.isEmpty ?? false,
                            peers[peerIndex].podSelector?.isEmpty ?? true
                        {
                            hits.append(
                                Hit(
                                    path(),
                                    "the peer has an empty namespaceSelector, so it admits all pods in all namespaces; "
                                        + "give namespaceSelector matchLabels, or use podSelector alone for this "
                                        + "namespace"))
                        } else if peers[peerIndex].ipBlock?.except?.isEmpty ?? true,
                            let cidr = peers[peerIndex].ipBlock?.cidr, Self.mayBeZeroPrefix(cidr),
                            let parsed = CIDRText(cidr), parsed.network.prefixLength == 0
                        {
                            hits.append(
                                Hit(
                                    path().child("ipBlock", "cidr"),
                                    "\(GoQuote.quote(cidr)) without except admits every address; name the ranges "
                                        + "you mean, or add except entries for the ranges to keep out"))
                        }
                    }
                }
            }
        }
    }

    /// False for a CIDR whose prefix length has a digit other than 0: those are not /0, and parsing is the cost.
    static func mayBeZeroPrefix(_ cidr: String) -> Bool {
        guard let slash = cidr.utf8.lastIndex(of: UInt8(ascii: "/")) else { return true }
        return cidr.utf8[cidr.utf8.index(after: slash)...].allSatisfy { $0 == UInt8(ascii: "0") }
    }
}
