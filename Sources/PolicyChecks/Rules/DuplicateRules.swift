import NetworkPolicyValidation

/// `duplicate-entries`: identical rules in a direction, identical peers or ports in a rule, compared after
/// defaulting (`{port: 80}` and `{port: 80, protocol: TCP}` are the same port). Reported on the later entry.
enum DuplicateRules {
    static func duplicates(_ spec: NetworkPolicySpec) -> [Hit] {
        var hits: [Hit] = []
        for direction in PolicyWalk.Direction.allCases {
            // Hashed once each, so a policy with many large rules stays linear (a pairwise comparison was not).
            var firstRule: [RuleBody: FieldPath] = [:]
            for rule in PolicyWalk.rules(of: spec, direction) {
                let body = RuleBody(ports: rule.ports ?? [], peers: rule.peers ?? [])
                if let earlier = firstRule[body] {
                    hits.append(Hit(rule.path, "the rule repeats \(earlier); remove one of them"))
                    continue
                }
                firstRule[body] = rule.path
                hits += repeats(body.peers, at: rule.path.child(direction.peersField), what: "peer")
                hits += repeats(body.ports, at: rule.path.child("ports"), what: "port")
            }
        }
        return hits
    }

    private struct RuleBody: Hashable {
        var ports: [NetworkPolicyPort]
        var peers: [NetworkPolicyPeer]
    }

    private static func repeats<Entry: Hashable>(_ entries: [Entry], at path: FieldPath, what: String) -> [Hit] {
        var firstIndex: [Entry: Int] = [:]
        var hits: [Hit] = []
        for (index, entry) in entries.enumerated() {
            if let earlier = firstIndex[entry] {
                hits.append(Hit(path.index(index), "the \(what) repeats \(path.index(earlier)); remove one of them"))
            } else {
                firstIndex[entry] = index
            }
        }
        return hits
    }
}
