import NetworkPolicyValidation
import Testing

@testable import PolicyChecks

/// `cidr-host-bits` and `cidr-noncanonical`.
@Suite struct CIDRFormRulesTests {
    static let block = "spec.ingress[0].from[0].ipBlock"

    static func setBlock(_ cidr: String, except: [String]? = nil) -> @Sendable (inout NetworkPolicy) -> Void {
        { $0.spec.ingress![0].from = [NetworkPolicyPeer(ipBlock: IPBlock(cidr: cidr, except: except))] }
    }

    static let hostBitsRows: [CheckRow] = [
        CheckRow("network without host bits", [], tweak: setBlock("10.0.0.0/8")),
        CheckRow("single address", [], tweak: setBlock("10.0.0.1/32")),
        CheckRow(
            "IPv4 host bits give both readings",
            [
                #"\#(block).cidr: "10.0.0.1/8" has bits set beyond the /8 prefix, which Kubernetes 1.36 rejects; write "10.0.0.0/8" for the whole network or "10.0.0.1/32" for the single address"#
            ],
            tweak: setBlock("10.0.0.1/8")),
        CheckRow(
            "IPv6 host bits",
            [
                #"\#(block).cidr: "2001:db8::1/64" has bits set beyond the /64 prefix, which Kubernetes 1.36 rejects; write "2001:db8::/64" for the whole network or "2001:db8::1/128" for the single address"#
            ],
            tweak: setBlock("2001:db8::1/64")),
        CheckRow(
            "host bits in an except entry",
            [
                #"\#(block).except[1]: "10.2.0.1/16" has bits set beyond the /16 prefix, which Kubernetes 1.36 rejects; write "10.2.0.0/16" for the whole network or "10.2.0.1/32" for the single address"#
            ],
            tweak: setBlock("10.0.0.0/8", except: ["10.1.0.0/16", "10.2.0.1/16"])),
        CheckRow(
            "IPv4-mapped host bits read as IPv4",
            [
                #"\#(block).cidr: "::ffff:10.0.0.1/104" has bits set beyond the /104 prefix, which Kubernetes 1.36 rejects; write "10.0.0.0/8" for the whole network or "10.0.0.1/32" for the single address"#
            ],
            tweak: setBlock("::ffff:10.0.0.1/104")),
        CheckRow("unparseable cidr is the apiserver's business", [], tweak: setBlock("10.0.0.1")),
    ]

    @Test(arguments: hostBitsRows)
    func hostBits(_ row: CheckRow) {
        #expect(CheckFixture.run(.cidrHostBits, row.policy) == row.expected)
    }

    /// Every ipBlock of both directions is found, with the rule and peer indexes of its own path.
    @Test func hostBitsInManyRulesAndPeersCarryTheirOwnPaths() {
        var policy = CheckFixture.valid
        let selectorPeer = NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: ["role": "frontend"]))
        policy.spec.ingress!.append(
            NetworkPolicyIngressRule(from: [
                selectorPeer, NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8")),
                NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.1/8")),
            ]))
        policy.spec.egress!.insert(
            NetworkPolicyEgressRule(to: [
                NetworkPolicyPeer(ipBlock: IPBlock(cidr: "10.0.0.0/8", except: ["10.1.0.0/16", "10.2.0.1/16"]))
            ]), at: 0)
        #expect(
            CheckFixture.paths(.cidrHostBits, policy) == [
                "spec.ingress[1].from[2].ipBlock.cidr", "spec.egress[0].to[0].ipBlock.except[1]",
            ])
    }

    @Test func hostBitsStaysQuietWhereTheApiserverRejectsTheField() {
        let policy = CheckRow("", [], tweak: Self.setBlock("10.0.0.1/8")).policy
        let path = FieldPath.root("spec").child("ingress").index(0).child("from").index(0).child("ipBlock", "cidr")
        #expect(CheckFixture.run(.cidrHostBits, policy, context: CheckContext(apiserverErrorPaths: [path])).isEmpty)
    }

    @Test func hostBitsAcceptsCIDRsTheOldObjectHeld() {
        let policy = CheckRow("", [], tweak: Self.setBlock("10.0.0.1/8")).policy
        #expect(CheckFixture.run(.cidrHostBits, policy, context: CheckContext(ratchetedCIDRs: ["10.0.0.1/8"])).isEmpty)
    }

    static let noncanonicalRows: [CheckRow] = [
        CheckRow("canonical IPv4", [], tweak: setBlock("10.0.0.0/8")),
        CheckRow("canonical IPv6", [], tweak: setBlock("2001:db8::/32")),
        CheckRow(
            "leading zeros",
            [#"\#(block).cidr: "010.000.0.0/8" is not in canonical form; write "10.0.0.0/8""#],
            tweak: setBlock("010.000.0.0/8")),
        CheckRow(
            "leading zero in the prefix length",
            [#"\#(block).cidr: "10.0.0.0/08" is not in canonical form; write "10.0.0.0/8""#],
            tweak: setBlock("10.0.0.0/08")),
        CheckRow(
            "IPv4-mapped IPv6",
            [#"\#(block).except[0]: "::ffff:10.1.0.0/112" is not in canonical form; write "10.1.0.0/16""#],
            tweak: setBlock("10.0.0.0/8", except: ["::ffff:10.1.0.0/112"])),
        CheckRow(
            "IPv6 upper case and zeros",
            [#"\#(block).cidr: "2001:DB8:0:0::/32" is not in canonical form; write "2001:db8::/32""#],
            tweak: setBlock("2001:DB8:0:0::/32")),
    ]

    @Test(arguments: noncanonicalRows)
    func noncanonical(_ row: CheckRow) {
        #expect(CheckFixture.run(.cidrNoncanonical, row.policy) == row.expected)
    }

    /// IPv4 text is judged canonical from the parser's leading-zero flag, without formatting: over generated
    /// spellings (octets and prefix lengths with and without zero padding) that must agree with comparing the text
    /// to the canonical form.
    @Test func ipv4CanonicalFormFromTheLeadingZeroFlagAgreesWithFormatting() {
        var state: UInt64 = 0x4E50_0C1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func padded(_ value: Int) -> String {
            String(repeating: "0", count: next(4) == 0 ? 1 + next(2) : 0) + String(value)
        }
        var noncanonical = 0
        for _ in 0..<5000 {
            let text = (0..<4).map { _ in padded(next(256)) }.joined(separator: ".") + "/" + padded(next(33))
            guard let cidr = CIDRText(text) else { continue }
            #expect(cidr.isCanonical == (cidr.canonical == text), "\(text)")
            if !cidr.isCanonical { noncanonical += 1 }
        }
        #expect(noncanonical > 1000)
    }

    @Test func noncanonicalStaysQuietWhereTheApiserverRejectsTheField() {
        let policy = CheckRow("", [], tweak: Self.setBlock("010.0.0.0/8")).policy
        let path = FieldPath.root("spec").child("ingress").index(0).child("from").index(0).child("ipBlock", "cidr")
        #expect(CheckFixture.run(.cidrNoncanonical, policy, context: CheckContext(apiserverErrorPaths: [path])).isEmpty)
        #expect(
            CheckFixture.run(.cidrNoncanonical, policy, context: CheckContext(ratchetedCIDRs: ["010.0.0.0/8"])).isEmpty)
    }
}
