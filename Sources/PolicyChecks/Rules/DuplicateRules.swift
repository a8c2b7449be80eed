import NetworkPolicyValidation

/// `duplicate-entries`: identical rules in a direction, identical peers or ports in a rule, compared after
/// defaulting (`{port: 80}` and `{port: 80, protocol: TCP}` are the same port), and a repeated `policyTypes` entry
/// (`[Ingress, Ingress]`, which the apiserver accepts). Reported on the later entry.
enum DuplicateRules {
    static func duplicates(_ spec: NetworkPolicySpec) -> [Hit] {
        var hits: [Hit] = []
        if let ingress = spec.ingress { collect(ingress, .ingress, into: &hits) }
        if let egress = spec.egress { collect(egress, .egress, into: &hits) }
        hits.collect(
            repeats(spec.policyTypes ?? [], at: FieldPath.root("spec").child("policyTypes"), what: "policy type"))
        return hits
    }

    /// The repeats among `rules` of `direction`, then inside each rule that is not itself a repeat.
    private static func collect<Rule: PeerRule>(
        _ rules: [Rule], _ direction: PolicyWalk.Direction, into hits: inout [Hit]
    ) {
        func path(_ index: Int) -> FieldPath { FieldPath.root("spec").child(direction.specField).index(index) }
        let earlierRules = earlierEqualRules(rules)
        // Read in place: taking a rule out of the list retains its lists.
        rules.withUnsafeBufferPointer { rules in
            for index in rules.indices {
                if let earlier = earlierRules?[index] {
                    hits.append(Hit(path(index), "the rule repeats \(path(earlier)); remove one of them"))
                    continue
                }
                // Most rules have one peer or one port: nothing to repeat, and the lists are not even taken out.
                if (rules[index].peers?.count ?? 0) > 1, let peers = rules[index].peers {
                    hits.collect(repeats(peers, at: path(index).child(direction.peersField), what: "peer"))
                }
                if (rules[index].ports?.count ?? 0) > 1, let ports = rules[index].ports {
                    hits.collect(
                        repeats(ports, at: path(index).child("ports"), what: "port") {
                            ports[$0].endPort == ports[$1].endPort && ports[$0].number == ports[$1].number
                        })
                }
            }
        }
    }

    /// Two rules are the same when their ports and peers are (a missing list and an empty one alike).
    private static func same<Rule: PeerRule>(_ first: Rule, _ second: Rule) -> Bool {
        (first.ports ?? []) == (second.ports ?? []) && (first.peers ?? []) == (second.peers ?? [])
    }

    /// More rules than this alike in `fingerprint` are hashed whole, so that a policy of many rules that differ
    /// only in their strings stays linear.
    static let bucketLimit = 8

    /// `earlierEqual` for rules: for each rule, the index of the first earlier rule equal to it; nil when no rule
    /// repeats. Beyond 16 rules, rules are compared with `==` only when their `fingerprint`s agree: hashing whole
    /// rules walked every selector string, while the numbers of a rule nearly always tell it from the others.
    /// Should more than `bucketLimit` earlier rules share a rule's fingerprint, every rule is hashed whole instead.
    static func earlierEqualRules<Rule: PeerRule>(_ rules: [Rule]) -> [Int?]? {
        guard rules.count > 1 else { return nil }
        if rules.count <= 16 {
            // The few rules of a usual policy are compared pairwise, in place and with nothing allocated: a count or
            // the first port nearly always tells two rules apart at once.
            return rules.withUnsafeBufferPointer { rules in
                var earlier: [Int?]?
                for index in 1..<rules.count {
                    guard let first = (0..<index).first(where: { same(rules[$0], rules[index]) }) else { continue }
                    if earlier == nil { earlier = [Int?](repeating: nil, count: rules.count) }
                    earlier![index] = first
                }
                return earlier
            }
        }
        let fingerprints = rules.map(fingerprint)
        var earlier: [Int?]?
        let complete = rules.withUnsafeBufferPointer { rules -> Bool in
            // Per rule, the previous rule with the same fingerprint (-1: none), found through the last rule with
            // each fingerprint.
            var previous = [Int](repeating: -1, count: rules.count)
            var last = [Int: Int](minimumCapacity: rules.count)
            for index in rules.indices {
                guard let latest = last.updateValue(index, forKey: fingerprints[index]) else { continue }
                previous[index] = latest
                var candidate = latest
                var compared = 0
                while candidate >= 0 {
                    if same(rules[candidate], rules[index]) {
                        // Equality is transitive: the candidate's first equal rule is this one's too.
                        if earlier == nil { earlier = [Int?](repeating: nil, count: rules.count) }
                        earlier![index] = earlier![candidate] ?? candidate
                        break
                    }
                    compared += 1
                    guard compared < bucketLimit else { return false }
                    candidate = previous[candidate]
                }
            }
            return true
        }
        guard complete else {
            return earlierEqual(rules.map { RuleBody(ports: $0.ports ?? [], peers: $0.peers ?? []) })
        }
        return earlier
    }

    /// What equal rules share, read from numbers only: how many ports and peers, each port's number and end
    /// port, each peer's kinds of selector and how many labels, expressions and except entries they hold. Strings
    /// are left out: two `==` strings may differ in their bytes (canonical equivalence).
    static func fingerprint<Rule: PeerRule>(_ rule: Rule) -> Int {
        var value = 0
        func mix(_ number: Int) { value = (value &* 31) &+ number }
        let ports = rule.ports ?? []
        mix(ports.count)
        for index in ports.indices {
            switch ports[index].port {
            case .int(let number): mix(Int(number))
            case .string: mix(-1)
            case nil: mix(-2)
            }
            mix(Int(ports[index].endPort ?? -1))
        }
        let peers = rule.peers ?? []
        mix(peers.count)
        for index in peers.indices {
            mix(selectorShape(peers[index].podSelector))
            mix(selectorShape(peers[index].namespaceSelector))
            if let block = peers[index].ipBlock { mix(block.except?.count ?? -1) } else { mix(-2) }
        }
        return value
    }

    /// A selector's presence and sizes.
    private static func selectorShape(_ selector: LabelSelector?) -> Int {
        guard let selector else { return -1 }
        return (selector.matchLabels?.count ?? -1) &* 1024 &+ (selector.matchExpressions?.count ?? -1)
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

/// An ingress or egress rule seen alike: its ports and its peers (`from` or `to`).
protocol PeerRule: Sendable {
    var ports: [NetworkPolicyPort]? { get }
    var peers: [NetworkPolicyPeer]? { get }
}

extension NetworkPolicyIngressRule: PeerRule {
    var peers: [NetworkPolicyPeer]? { from }
}

extension NetworkPolicyEgressRule: PeerRule {
    var peers: [NetworkPolicyPeer]? { to }
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
