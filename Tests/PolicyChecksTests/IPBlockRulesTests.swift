import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// `except-overlap` and `ipblock-in-cluster` (cluster ranges 10.244.0.0/16 and fd00:10:96::/112).
@Suite struct IPBlockRulesTests {
    static let block = "spec.egress[0].to[0].ipBlock"

    static func setBlock(_ cidr: String, except: [String]? = nil) -> @Sendable (inout NetworkPolicy) -> Void {
        { $0.spec.egress![0].to = [NetworkPolicyPeer(ipBlock: IPBlock(cidr: cidr, except: except))] }
    }

    static let overlapRows: [CheckRow] = [
        CheckRow("disjoint excepts", [], tweak: setBlock("10.0.0.0/8", except: ["10.1.0.0/16", "10.2.0.0/16"])),
        CheckRow(
            "repeated except",
            [#"\#(block).except[1]: "10.1.0.0/16" repeats except[0] "10.1.0.0/16"; remove one of them"#],
            tweak: setBlock("10.0.0.0/8", except: ["10.1.0.0/16", "10.1.0.0/16"])),
        CheckRow(
            "same network spelt differently",
            [#"\#(block).except[1]: "::ffff:10.1.0.0/112" repeats except[0] "10.1.0.0/16"; remove one of them"#],
            tweak: setBlock("10.0.0.0/8", except: ["10.1.0.0/16", "::ffff:10.1.0.0/112"])),
        CheckRow(
            "narrower after wider",
            [
                #"\#(block).except[1]: "10.1.2.0/24" lies inside except[0] "10.1.0.0/16", which already excludes it; remove it"#
            ],
            tweak: setBlock("10.0.0.0/8", except: ["10.1.0.0/16", "10.1.2.0/24"])),
        CheckRow(
            "wider after narrower",
            [
                #"\#(block).except[1]: "10.1.0.0/16" covers except[0] "10.1.2.0/24"; remove the narrower except[0] "10.1.2.0/24""#
            ],
            tweak: setBlock("10.0.0.0/8", except: ["10.1.2.0/24", "10.1.0.0/16"])),
        CheckRow(
            "IPv6 disjoint", [], tweak: setBlock("2001:db8::/32", except: ["2001:db8:1::/48", "2001:db8:2::/48"])),
        CheckRow("unparseable entries are skipped", [], tweak: setBlock("10.0.0.0/8", except: ["nope", "nope"])),
    ]

    @Test(arguments: overlapRows)
    func exceptOverlap(_ row: CheckRow) {
        #expect(CheckFixture.run(.exceptOverlap, row.policy) == row.expected)
    }

    static let clusterRows: [CheckRow] = [
        CheckRow("outside the cluster", [], tweak: setBlock("192.168.0.0/16")),
        CheckRow(
            "inside the pod range",
            [
                #"\#(block).cidr: "10.244.1.0/24" lies inside the cluster range 10.244.0.0/16, where pod and service IPs come and go; select those pods with podSelector and namespaceSelector instead"#
            ],
            tweak: setBlock("10.244.1.0/24")),
        CheckRow(
            "covering the pod range",
            [
                #"\#(block).cidr: "10.0.0.0/8" covers the cluster range "10.244.0.0/16", where pod and service IPs come and go; add it to except and select in-cluster peers with podSelector and namespaceSelector"#
            ],
            tweak: setBlock("10.0.0.0/8")),
        CheckRow("covering with the range excepted", [], tweak: setBlock("10.0.0.0/8", except: ["10.244.0.0/16"])),
        CheckRow("covering with a wider except", [], tweak: setBlock("0.0.0.0/0", except: ["10.0.0.0/8"])),
        CheckRow(
            "covering the IPv6 service range", [#"\#(block).cidr"#], tweak: setBlock("fd00::/8")),
        CheckRow("IPv4 never covers IPv6", [], tweak: setBlock("0.0.0.0/0", except: ["10.0.0.0/8"])),
    ]

    @Test(arguments: clusterRows)
    func ipBlockInCluster(_ row: CheckRow) {
        let got =
            row.expected.allSatisfy({ !$0.contains(": ") })
            ? CheckFixture.paths(.ipBlockInCluster, row.policy) : CheckFixture.run(.ipBlockInCluster, row.policy)
        #expect(got == row.expected)
    }

    @Test func ipBlockInClusterIsOffWithoutClusterRanges() {
        #expect(CheckConfiguration().severity(of: .ipBlockInCluster) == .off)
        #expect(
            CheckConfiguration(clusterCIDRs: [IPNetwork.parseSloppy("10.0.0.0/8")!]).severity(of: .ipBlockInCluster)
                == .warn)
        let explicit = CheckConfiguration(
            severities: [.ipBlockInCluster: .off], clusterCIDRs: [IPNetwork.parseSloppy("10.0.0.0/8")!])
        #expect(explicit.severity(of: .ipBlockInCluster) == .off)
    }
}
