import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// `NamespacePolicies.dnsAccess(of:in:)` skips, kind of DNS access by kind, the policies that cannot add to a
/// policy's access; its answer must be the one of looking at each egress-isolating policy in turn, in order,
/// until DNS is open (the order matters once a named port makes access undecidable, and so open, early).
struct DNSIndexTests {
    /// The definition: every policy in turn.
    static func reference(_ policy: PolicySummary, among all: [PolicySummary]) -> DNSAccess {
        let opening = all.filter { $0.isolatesEgress && $0.dns != DNSAccess() }
        var access = opening.filter(\.podSelector.isEmpty).reduce(policy.dns) { $0.union($1.dns) }
        for other in opening where !other.podSelector.isEmpty && !access.isOpen {
            let widened = access.union(other.dns)
            if widened != access && policy.isCovered(by: other) { access = widened }
        }
        return access
    }

    @Test func sameAnswerAsLookingAtEveryPolicyInTurn() {
        let selectors = [
            LabelSelector(), LabelSelector(matchLabels: ["a": "1"]), LabelSelector(matchLabels: ["a": "1", "b": "2"]),
            LabelSelector(matchLabels: ["b": "2"]),
            LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "a", operator: "Exists")]),
        ]
        // Every kind of summary: selector x egress isolation x DNS access (8 kinds).
        var pool: [PolicySummary] = []
        var summary = PolicySummary(NetworkPolicy(metadata: ObjectMeta(namespace: "ns")))
        for selector in selectors {
            for isolatesEgress in [true, false] {
                for bits in 0..<8 {
                    summary.podSelector = selector
                    summary.isolatesEgress = isolatesEgress
                    summary.dns = DNSAccess(udp: bits & 1 != 0, tcp: bits & 2 != 0, undecidable: bits & 4 != 0)
                    pool.append(summary)
                }
            }
        }
        // Lists of 1 to 30 of them, mixed by a fixed stride through the pool so every run checks the same lists.
        var compared = 0
        for trial in 0..<600 {
            let policies = (0..<(1 + trial % 30)).map {
                pool[(trial * 37 + $0 * 23 + ($0 * $0 + trial) % 11) % pool.count]
            }
            let index = NamespacePolicies.DNSIndex(policies)
            for policy in policies {
                #expect(NamespacePolicies.dnsAccess(of: policy, in: index) == Self.reference(policy, among: policies))
                compared += 1
            }
        }
        #expect(compared > 5000)
    }
}

/// `DNSAccess.isDNSPort` spells out `DNSAccess.ports` for speed: the two must agree.
struct DNSPortTests {
    @Test(arguments: [Int32(0), 1, 52, 53, 54, 443, 5352, 5353, 5354, 65535])
    func isDNSPortAgreesWithPorts(_ port: Int32) {
        #expect(DNSAccess.isDNSPort(port) == DNSAccess.ports.contains(port))
    }

    @Test(arguments: [(Int32(1), Int32(52)), (1, 53), (53, 53), (54, 5352), (54, 5353), (5353, 6000), (5354, 65535)])
    func reachesDNSPortAgreesWithPorts(_ range: (first: Int32, last: Int32)) {
        #expect(
            DNSAccess.reachesDNSPort(from: range.first, through: range.last)
                == DNSAccess.ports.contains { range.first <= $0 && $0 <= range.last })
    }

    @Test func everyDNSPortIsOne() {
        #expect(DNSAccess.ports.allSatisfy(DNSAccess.isDNSPort))
    }
}
