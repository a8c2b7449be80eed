import Testing

@testable import NetworkPolicyValidation

/// The CIDR-dependent part of `ValidateIPBlock` (KUBERNETES_RULES.md 3.3.2-3.3.5). `IPNetwork.parseSloppy` and
/// `CIDRValidation.validateLegacyCIDR` are stubs until the CIDR branch is merged, so these rows are disabled; the
/// structural ipBlock rules are in `PeerRulesTests`.
@Suite struct IPBlockRulesTests {
    static let block = "spec.ingress[0].from[0].ipBlock"

    static func setBlock(_ cidr: String, except: [String]? = nil) -> @Sendable (inout NetworkPolicy) -> Void {
        { $0.spec.ingress![0].from = [NetworkPolicyPeer(ipBlock: IPBlock(cidr: cidr, except: except))] }
    }

    static let rows: [Row] = [
        Row(
            "valid IPv4 block with excepts", [], tweak: setBlock("10.0.0.0/8", except: ["10.1.0.0/16", "10.2.0.0/16"])),
        Row("valid IPv6 block", [], tweak: setBlock("2001:db8::/32", except: ["2001:db8:1::/48"])),
        Row("non-canonical IPv6 is valid", [], tweak: setBlock("2001:DB8::/32")),
        Row(
            "duplicate and overlapping excepts are allowed", [],
            tweak: setBlock("10.0.0.0/8", except: ["10.1.0.0/16", "10.1.0.0/16", "10.1.2.0/24"])),
        Row(
            "cidr without mask", ["\(block).cidr: Invalid value: \"10.0.0.0\": \(Fixture.invalidCIDR)"],
            tweak: setBlock("10.0.0.0")),
        Row(
            "cidr with /33", ["\(block).cidr: Invalid value: \"10.0.0.0/33\": \(Fixture.invalidCIDR)"],
            tweak: setBlock("10.0.0.0/33")),
        Row(
            "cidr with a newline", ["\(block).cidr: Invalid value: \"10.0.0.0/8\\n\": \(Fixture.invalidCIDR)"],
            tweak: setBlock("10.0.0.0/8\n")),
        Row(
            "unparseable cidr skips except", ["\(block).cidr: Invalid value: \"nope\": \(Fixture.invalidCIDR)"],
            tweak: setBlock("nope", except: ["also nope"])),
        Row(
            "cidr with host bits",
            ["\(block).cidr: Invalid value: \"10.0.0.1/8\": must not have bits set beyond the prefix length"],
            tweak: setBlock("10.0.0.1/8")),
        Row(
            "cidr with leading zeros",
            ["\(block).cidr: Invalid value: \"010.0.0.0/8\": must not have leading 0s in IP or prefix length"],
            tweak: setBlock("010.0.0.0/8")),
        Row(
            "IPv4-mapped IPv6 cidr",
            ["\(block).cidr: Invalid value: \"::ffff:10.0.0.0/104\": must not have an IPv4-mapped IPv6 address"],
            tweak: setBlock("::ffff:10.0.0.0/104")),
        Row(
            "strict-only cidr error still checks except",
            [
                "\(block).cidr: Invalid value: \"10.0.0.1/8\": must not have bits set beyond the prefix length",
                "\(block).except[0]: Invalid value: \"11.0.0.0/16\": must be a strict subset of `cidr`",
            ], tweak: setBlock("10.0.0.1/8", except: ["11.0.0.0/16"])),
        Row(
            "except outside cidr",
            ["\(block).except[0]: Invalid value: \"11.0.0.0/16\": must be a strict subset of `cidr`"],
            tweak: setBlock("10.0.0.0/8", except: ["11.0.0.0/16"])),
        Row(
            "except equal to cidr",
            ["\(block).except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`"],
            tweak: setBlock("10.0.0.0/8", except: ["10.0.0.0/8"])),
        Row(
            "except wider than cidr",
            ["\(block).except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`"],
            tweak: setBlock("10.0.0.0/16", except: ["10.0.0.0/8"])),
        Row(
            "IPv4 except in an IPv6 cidr",
            ["\(block).except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`"],
            tweak: setBlock("2001:db8::/32", except: ["10.0.0.0/8"])),
        Row(
            "empty except", ["\(block).except[0]: Invalid value: \"\": \(Fixture.invalidCIDR)"],
            tweak: setBlock("10.0.0.0/8", except: [""])),
        Row(
            "except with host bits outside cidr gets both errors",
            [
                "\(block).except[1]: Invalid value: \"11.0.0.1/16\": must not have bits set beyond the prefix length",
                "\(block).except[1]: Invalid value: \"11.0.0.1/16\": must be a strict subset of `cidr`",
            ], tweak: setBlock("10.0.0.0/8", except: ["10.1.0.0/16", "11.0.0.1/16"])),
    ]

    @Test(arguments: rows)
    func create(_ row: Row) {
        #expect(Fixture.createErrors(row.policy) == row.errors)
    }

    @Test
    func hostBitsAcceptedWithStrictValidationOff() {
        var policy = Fixture.valid
        Self.setBlock("10.0.0.1/8", except: ["010.1.0.0/16"])(&policy)
        #expect(Fixture.createErrors(policy, options: ValidationOptions(strictCIDRValidation: false)) == [])
    }

    /// `AllowCIDRsEvenIfInvalid`: any CIDR string of the old object is taken verbatim, anywhere.
    static let ratchetRows: [(name: String, old: [String], new: (String, [String]), errors: [String])] = [
        ("invalid cidr kept", ["10.0.0.1/8"], ("10.0.0.1/8", []), []),
        ("old except reused as a cidr", ["10.0.0.0/8", "010.1.0.0/16"], ("010.1.0.0/16", []), []),
        (
            "new invalid cidr", ["10.0.0.1/8"], ("10.0.0.2/8", []),
            ["\(block).cidr: Invalid value: \"10.0.0.2/8\": must not have bits set beyond the prefix length"]
        ),
        (
            "ratcheted except still subset-checked", ["0.0.0.0/0", "11.0.0.1/16"], ("10.0.0.0/8", ["11.0.0.1/16"]),
            ["\(block).except[0]: Invalid value: \"11.0.0.1/16\": must be a strict subset of `cidr`"]
        ),
    ]

    @Test(arguments: ratchetRows.indices)
    func updateRatchet(_ index: Int) {
        let row = Self.ratchetRows[index]
        var old = Fixture.stored
        old.spec.egress![0].to = [
            NetworkPolicyPeer(ipBlock: IPBlock(cidr: row.old[0], except: Array(row.old.dropFirst())))
        ]
        var policy = old
        Self.setBlock(row.new.0, except: row.new.1)(&policy)
        #expect(Fixture.updateErrors(policy, old: old) == row.errors, "\(row.name)")
    }
}
