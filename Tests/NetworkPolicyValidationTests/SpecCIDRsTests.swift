import Testing

@testable import NetworkPolicyValidation

/// `SpecCIDRs`: every ipBlock string of a spec parsed once, read by the spec rules, the warnings and the checks in
/// place of parsing again.
@Suite struct SpecCIDRsTests {
    /// Plain values and every form that draws a warning (CIDRWarningsTests), plus unparseable ones.
    static let values = [
        "10.0.0.0/8", "2001:db8::/64", "10.0.0.0", "", "10.0.0.1/8", "2001:db8::1/64", "1.2.3.4/0", "010.1.0.0/16",
        "10.1.0.0/016", "2001:db8::/064", "00001::/16", "::ffff:10.0.0.0/104", "::FFFF:a00:0/104", "192.012.2.8/24",
        "2001:DB8::/32", "2001:db8:0:0::/64", "2001:0db8::/32", "0:0:0:0:0:0:0:0/0", "1::2:0:0:0:3/128", "::/0",
        "fd00::/8", "0.0.0.0/0",
    ]

    /// A spec with one ipBlock per ingress and egress rule, each `cidr` followed by `exceptCount` entries, drawn
    /// from `texts` in turn, and a peer without an ipBlock between them.
    static func spec(_ texts: [String], exceptCount: Int = 2) -> NetworkPolicySpec {
        var texts = texts[...]
        var blocks: [NetworkPolicyPeer] = []
        while let cidr = texts.popFirst() {
            let except = Array(texts.prefix(exceptCount))
            texts = texts.dropFirst(exceptCount)
            blocks.append(NetworkPolicyPeer(ipBlock: IPBlock(cidr: cidr, except: except.isEmpty ? nil : except)))
        }
        let other = NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: ["app": "web"]))
        let half = blocks.count / 2
        return NetworkPolicySpec(
            ingress: blocks[..<half].map { NetworkPolicyIngressRule(from: [other, $0]) },
            egress: blocks[half...].map { NetworkPolicyEgressRule(to: [$0, other]) })
    }

    @Test func valuesAreListedAsSpecRulesListsThemWithTheirPaths() {
        let spec = Self.spec(Self.values)
        let cidrs = SpecCIDRs(spec)
        let listed = SpecRules.cidrs(of: spec)
        #expect(cidrs.values.map(\.text) == listed.map(\.value))
        #expect(cidrs.values.map(\.path) == listed.map(\.path))
        #expect(cidrs.blocks.flatMap { cidrs.values[$0.positions].map(\.location) } == cidrs.values.map(\.location))
        #expect(cidrs.blocks.allSatisfy { cidrs.cidr(of: $0).exceptIndex == nil })
    }

    @Test(arguments: values)
    func eachValueIsParsedAsAlone(_ text: String) {
        let cidrs = SpecCIDRs(Self.spec([text]))
        #expect(cidrs.values.count == 1)
        #expect(cidrs.values[0].cidr == SloppyIPParser.parseCIDR(text))
    }

    /// `areAllPlain` lets the warnings and the form checks skip every value: it must be false whenever any value
    /// draws a warning.
    @Test(arguments: values)
    func allPlainExactlyWhenNoValueDrawsAWarning(_ text: String) {
        let texts = ["10.0.0.0/8", text, "2001:db8::/64"]
        let cidrs = SpecCIDRs(Self.spec(texts))
        let warned = texts.contains { !CIDRValidation.warnings(for: $0, at: FieldPath.root("cidr")).isEmpty }
        #expect(cidrs.areAllPlain == !warned)
        #expect(NetworkPolicyValidator.cidrWarnings(of: cidrs).isEmpty == !warned)
    }

    /// The spec rules read the shared parse: the same errors as parsing each ipBlock on its own.
    @Test(arguments: [0, 1, 3])
    func specRulesGiveTheSameErrorsWithTheSharedParse(_ exceptCount: Int) {
        let spec = Self.spec(Self.values, exceptCount: exceptCount)
        var expected: [FieldError] = []
        for (index, rule) in (spec.ingress ?? []).enumerated() {
            for (peerIndex, peer) in (rule.from ?? []).enumerated() {
                let path = FieldPath.root("spec").child("ingress").index(index).child("from").index(peerIndex)
                expected += SpecRules.validate(peer, at: path, options: ValidationOptions())
            }
        }
        for (index, rule) in (spec.egress ?? []).enumerated() {
            for (peerIndex, peer) in (rule.to ?? []).enumerated() {
                let path = FieldPath.root("spec").child("egress").index(index).child("to").index(peerIndex)
                expected += SpecRules.validate(peer, at: path, options: ValidationOptions())
            }
        }
        let found = SpecRules.validate(spec, at: .root("spec"), options: ValidationOptions(), cidrs: SpecCIDRs(spec))
        #expect(found.filter { $0.path.description.contains("ipBlock") } == expected)
        #expect(!expected.isEmpty)
    }
}
