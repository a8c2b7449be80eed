import NetworkPolicyValidation

/// `duplicate-entries`: identical rules in a direction, identical peers or ports in a rule, compared after
/// defaulting (`{port: 80}` and `{port: 80, protocol: TCP}` are the same port). Reported on the later entry.
enum DuplicateRules {
    static func duplicates(_ spec: NetworkPolicySpec) -> [Hit] {
        var hits: [Hit] = []
        for direction in PolicyWalk.Direction.allCases {
            let rules = PolicyWalk.rules(of: spec, direction)
            let bodies = rules.map { RuleBody(ports: $0.ports ?? [], peers: $0.peers ?? []) }
            var earlierRule: [Int: Int] = [:]
            forEachRepeat(in: bodies) { index, earlier in earlierRule[index] = earlier }
            for (index, rule) in rules.enumerated() {
                if let earlier = earlierRule[index] {
                    hits.append(Hit(rule.path, "the rule repeats \(rules[earlier].path); remove one of them"))
                    continue
                }
                hits += repeats(bodies[index].peers, at: rule.path.child(direction.peersField), what: "peer")
                hits += repeats(bodies[index].ports, at: rule.path.child("ports"), what: "port")
            }
        }
        return hits
    }

    private struct RuleBody: Hashable {
        var ports: [NetworkPolicyPort]
        var peers: [NetworkPolicyPeer]
    }

    private static func repeats<Entry: Hashable>(_ entries: [Entry], at path: FieldPath, what: String) -> [Hit] {
        var hits: [Hit] = []
        forEachRepeat(in: entries) { index, earlier in
            hits.append(Hit(path.index(index), "the \(what) repeats \(path.index(earlier)); remove one of them"))
        }
        return hits
    }

    /// Calls `body` with each entry equal to an earlier one, in order, and the first entry it equals. A few
    /// entries are compared pairwise (most rules have one or two peers and ports, and hashing a selector costs
    /// more than comparing it); more are hashed once each, so a policy with many large rules stays linear.
    private static func forEachRepeat<Entry: Hashable>(
        in entries: [Entry], _ body: (_ index: Int, _ earlier: Int) -> Void
    ) {
        guard entries.count > 1 else { return }
        if entries.count <= 8 {
            for index in 1..<entries.count {
                if let earlier = entries[..<index].firstIndex(of: entries[index]) { body(index, earlier) }
            }
            return
        }
        var firstIndex: [Entry: Int] = [:]
        for (index, entry) in entries.enumerated() {
            if let earlier = firstIndex[entry] {
                body(index, earlier)
            } else {
                firstIndex[entry] = index
            }
        }
    }
}
