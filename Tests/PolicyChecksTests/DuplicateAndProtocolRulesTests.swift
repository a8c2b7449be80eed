import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// `duplicate-entries` and `sctp-protocol`.
@Suite struct DuplicateAndProtocolRulesTests {
    static let duplicateRows: [CheckRow] = [
        CheckRow("distinct rules, peers and ports", []) { _ in },
        CheckRow(
            "identical ingress rules",
            ["spec.ingress[1]: the rule repeats spec.ingress[0]; remove one of them"]
        ) { $0.spec.ingress!.append($0.spec.ingress![0]) },
        CheckRow(
            "identical peers",
            ["spec.egress[0].to[1]: the peer repeats spec.egress[0].to[0]; remove one of them"]
        ) { $0.spec.egress![0].to!.append(CheckFixture.kubeDNS) },
        CheckRow(
            "a port with and without its default protocol",
            ["spec.ingress[0].ports[1]: the port repeats spec.ingress[0].ports[0]; remove one of them"]
        ) { $0.spec.ingress![0].ports!.append(NetworkPolicyPort(port: .int(8080))) },
        CheckRow("same port, other protocol", []) {
            $0.spec.ingress![0].ports!.append(NetworkPolicyPort(protocol: "UDP", port: .int(8080)))
        },
        CheckRow(
            "a repeated policyTypes entry",
            ["spec.policyTypes[2]: the policy type repeats spec.policyTypes[0]; remove one of them"]
        ) { $0.spec.policyTypes = ["Ingress", "Egress", "Ingress"] },
        CheckRow("the same rule in both directions is not a repeat", []) {
            $0.spec.egress = [NetworkPolicyEgressRule(ports: $0.spec.ingress![0].ports, to: $0.spec.ingress![0].from)]
        },
        // Up to 16 entries are compared pairwise, more are hashed: both name the first equal entry.
        CheckRow(
            "repeats among a few ports name the first equal one",
            [
                "spec.ingress[0].ports[2]: the port repeats spec.ingress[0].ports[1]; remove one of them",
                "spec.ingress[0].ports[3]: the port repeats spec.ingress[0].ports[1]; remove one of them",
            ]
        ) {
            let other = NetworkPolicyPort(protocol: "TCP", port: .int(9))
            $0.spec.ingress![0].ports! += [other, other, other]
        },
        CheckRow(
            "repeats among many ports name the first equal one",
            (2...9).map {
                "spec.ingress[0].ports[\($0)]: the port repeats spec.ingress[0].ports[1]; remove one of them"
            }
        ) {
            $0.spec.ingress![0].ports! += Array(repeating: NetworkPolicyPort(protocol: "TCP", port: .int(9)), count: 9)
        },
        CheckRow(
            "repeats among many rules name the first equal one; repeats inside a repeated rule are reported once",
            ["spec.ingress[0].ports[1]: the port repeats spec.ingress[0].ports[0]; remove one of them"]
                + (1...9).map { "spec.ingress[\($0)]: the rule repeats spec.ingress[0]; remove one of them" }
        ) {
            $0.spec.ingress![0].ports! += [$0.spec.ingress![0].ports![0]]
            $0.spec.ingress! += Array(repeating: $0.spec.ingress![0], count: 9)
        },
    ]

    @Test(arguments: duplicateRows)
    func duplicateEntries(_ row: CheckRow) {
        #expect(CheckFixture.run(.duplicateEntries, row.policy) == row.expected)
    }

    /// Up to 16 entries are compared pairwise, more are hashed: both must find the first earlier equal entry.
    @Test(arguments: [5, 16, 17, 40])
    func earlierEqualAgreesAcrossSizes(_ count: Int) {
        let entries = (0..<count).map { $0 % 4 == 3 ? $0 / 2 : $0 }
        let expected = entries.indices.map { index in entries[..<index].firstIndex(of: entries[index]) }
        #expect(DuplicateRules.earlierEqual(entries) == expected)
        #expect(expected.contains { $0 != nil })
    }

    /// Without a repeat there is no list at all, on both paths.
    @Test(arguments: [0, 1, 2, 16, 17, 40])
    func earlierEqualIsNilWithoutRepeats(_ count: Int) {
        #expect(DuplicateRules.earlierEqual(Array(0..<count)) == nil)
    }

    /// Rules drawn from a small pool, so that lists repeat: pools whose members differ only in their strings share
    /// a fingerprint, and a `distinctNames` list holds more rules of one fingerprint than a bucket takes.
    static func generatedRules(count: Int, seed: UInt64, distinctNames: Bool = false) -> [NetworkPolicyIngressRule] {
        var state = seed
        func pick(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let ports: [[NetworkPolicyPort]?] = [
            nil, [], [NetworkPolicyPort(protocol: "TCP", port: .int(80))],
            [NetworkPolicyPort(protocol: "UDP", port: .int(80))],
            [NetworkPolicyPort(protocol: "TCP", port: .int(80)), NetworkPolicyPort(protocol: "UDP", port: .int(53))],
            [NetworkPolicyPort(protocol: "TCP", port: .string("http"))],
            [NetworkPolicyPort(protocol: "TCP", port: .int(80), endPort: 90)],
        ]
        func labels(_ app: String) -> LabelSelector { LabelSelector(matchLabels: ["app": app]) }
        let peers: [[NetworkPolicyPeer]?] = [
            nil, [], [NetworkPolicyPeer(podSelector: labels("a"))], [NetworkPolicyPeer(podSelector: labels("b"))],
            [NetworkPolicyPeer(namespaceSelector: labels("a"))],
            [NetworkPolicyPeer(podSelector: labels("a")), NetworkPolicyPeer(namespaceSelector: labels("b"))],
            [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.1.0.0/16"]))],
            [NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.2.0.0/16"]))],
        ]
        return (0..<count).map { _ in
            if distinctNames {
                return NetworkPolicyIngressRule(
                    ports: ports[2], from: [NetworkPolicyPeer(podSelector: labels("app-\(pick(12))"))])
            }
            return NetworkPolicyIngressRule(ports: ports[pick(ports.count)], from: peers[pick(peers.count)])
        }
    }

    /// Bucketing by fingerprint finds exactly the repeats of the definition: for each rule the first earlier rule
    /// with equal ports and peers (missing and empty alike), nil when no rule repeats.
    @Test(arguments: [0, 1, 2, 5, 16, 17, 40, 300])
    func fingerprintedRulesRepeatAsComparedPairwise(_ count: Int) {
        for seed in 1...20 {
            for distinctNames in [false, true] {
                let rules = Self.generatedRules(count: count, seed: UInt64(seed), distinctNames: distinctNames)
                let expected = rules.indices.map { index in
                    rules[..<index].firstIndex {
                        ($0.ports ?? []) == (rules[index].ports ?? []) && ($0.from ?? []) == (rules[index].from ?? [])
                    }
                }
                let found = DuplicateRules.earlierEqualRules(rules)
                #expect(found == (expected.contains { $0 != nil } ? expected : nil), "\(count) rules, seed \(seed)")
            }
        }
    }

    /// The generated lists do hold what the test above is about: repeats, and more rules of one fingerprint than
    /// a bucket takes.
    @Test func generatedRulesRepeatAndShareFingerprints() {
        let rules = Self.generatedRules(count: 40, seed: 1)
        #expect(Set(rules).count < rules.count)
        let named = Self.generatedRules(count: 40, seed: 1, distinctNames: true)
        #expect(Set(named.map(DuplicateRules.fingerprint)).count == 1)
        #expect(Set(named).count > DuplicateRules.bucketLimit)
    }

    @Test func manyRepeatedPortsAreReportedOnTheLaterOnes() {
        var policy = CheckFixture.valid
        policy.spec.ingress![0].ports = (0..<20).map { NetworkPolicyPort(port: .int(Int32(8000 + $0 % 18))) }
        #expect(
            CheckFixture.run(.duplicateEntries, policy) == [
                "spec.ingress[0].ports[18]: the port repeats spec.ingress[0].ports[0]; remove one of them",
                "spec.ingress[0].ports[19]: the port repeats spec.ingress[0].ports[1]; remove one of them",
            ])
    }

    static let sctpRows: [CheckRow] = [
        CheckRow("TCP and UDP", []) { _ in },
        CheckRow(
            "SCTP port",
            [
                "spec.ingress[0].ports[0].protocol: SCTP needs support in the cluster's CNI plugin, which many lack; make sure yours enforces it, or use TCP or UDP"
            ]
        ) { $0.spec.ingress![0].ports![0].protocol = "SCTP" },
    ]

    @Test(arguments: sctpRows)
    func sctpProtocol(_ row: CheckRow) {
        #expect(CheckFixture.run(.sctpProtocol, row.policy) == row.expected)
    }
}
