import NetworkPolicyValidation

/// `duplicate-entries`: identical rules in a direction, identical peers or ports in a rule, compared after
/// defaulting (`{port: 80}` and `{port: 80, protocol: TCP}` are the same port), and a repeated `policyTypes` entry
/// (`[Ingress, Ingress]`, which the apiserver accepts). Reported on the later entry.
enum DuplicateRules {
    static func duplicates(_ spec: NetworkPolicySpec) -> [Hit] {
        var hits: [Hit] = []
        for direction in PolicyWalk.Direction.allCases {
            let rules = PolicyWalk.rules(of: spec, direction)
            let bodies = rules.map { RuleBody(ports: $0.ports ?? [], peers: $0.peers ?? []) }
            let earlierRules = earlierEqual(bodies)
            for (index, rule) in rules.enumerated() {
                if let earlier = earlierRules?[index] {
                    hits.append(Hit(rule.path, "the rule repeats \(rules[earlier].path); remove one of them"))
                    continue
                }
                hits.collect(repeats(bodies[index].peers, at: rule.path.child(direction.peersField), what: "peer"))
                let ports = bodies[index].ports
                hits.collect(
                    repeats(ports, at: rule.path.child("ports"), what: "port") {
                        ports[$0].endPort == ports[$1].endPort && ports[$0].number == ports[$1].number
                    })
            }
        }
        hits.collect(
            repeats(spec.policyTypes ?? [], at: FieldPath.root("spec").child("policyTypes"), what: "policy type"))
        return hits
    }

    private struct RuleBody: Hashable {
        var ports: [NetworkPolicyPort]
        var peers: [NetworkPolicyPeer]
    }

    /// `path` is built only when an entry repeats: most rules have none.
    private static func repeats<Entry: Hashable>(
        _ entries: [Entry], at path: @autoclosure () -> FieldPath, what: String,
        mayBeEqual: (Int, Int) -> Bool = { _, _ in true }
    ) -> [Hit] {
        guard let earlierEntries = earlierEqual(entries, mayBeEqual: mayBeEqual) else { return [] }
        let path = path()
        return earlierEntries.enumerated().compactMap { index, earlier in
            earlier.map { Hit(path.index(index), "the \(what) repeats \(path.index($0)); remove one of them") }
        }
    }

    /// For each entry, the index of the first earlier entry equal to it; nil when no entry repeats (nearly always,
    /// and then nothing is allocated). Pairwise for the few entries a rule usually has (comparing stops at the
    /// first difference, hashing walks every selector), hashed beyond that so a policy with many large rules stays
    /// linear.
    /// `mayBeEqual(i, j)`, false only for entries that differ, is asked before comparing them pairwise: what is
    /// cheap to read (plain numbers) rules most pairs out, and taking whole entries out of the list copies their
    /// strings.
    static func earlierEqual<Entry: Hashable>(
        _ entries: [Entry], mayBeEqual: (Int, Int) -> Bool = { _, _ in true }
    ) -> [Int?]? {
        guard entries.count > 1 else { return nil }
        if entries.count <= 16 {
            // Compared in place: taking elements out of the array copies their strings.
            let hasRepeat = entries.withUnsafeBufferPointer { buffer in
                buffer.indices.contains { index in
                    (0..<index).contains { mayBeEqual($0, index) && buffer[$0] == buffer[index] }
                }
            }
            guard hasRepeat else { return nil }
            return entries.indices.map { index in entries[..<index].firstIndex(of: entries[index]) }
        }
        // Sized once, and one hash per entry: a repeat puts its earlier index back (repeats are rare).
        var first = [Entry: Int](minimumCapacity: entries.count)
        let earlier = entries.indices.map { index -> Int? in
            guard let earlier = first.updateValue(index, forKey: entries[index]) else { return nil }
            first[entries[index]] = earlier
            return earlier
        }
        return earlier.contains { $0 != nil } ? earlier : nil
    }
}

extension [Hit] {
    /// `self += hits` that leaves the list alone when there is nothing to add: appending even nothing to the
    /// shared empty array allocates a buffer, and nearly every rule adds nothing.
    mutating func collect(_ hits: [Hit]) {
        guard !hits.isEmpty else { return }
        if isEmpty { self = hits } else { self += hits }
    }
}

extension NetworkPolicyPort {
    /// The port number, nil for a named port or none.
    fileprivate var number: Int32? {
        if case .int(let number)? = port { return number }
        return nil
    }
}
