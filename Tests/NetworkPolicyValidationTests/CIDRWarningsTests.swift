import Testing

@testable import NetworkPolicyValidation

/// `GetWarningsForCIDR` (apimachinery/pkg/util/validation/ip.go) with KUBERNETES_RULES.md section 6 wording.
@Suite("CIDRValidation warnings")
struct CIDRWarningsTests {
    static let path = FieldPath.root("spec").child("ingress").index(0).child("from").index(0).child("ipBlock", "cidr")
    static let prefix = "spec.ingress[0].from[0].ipBlock.cidr: "

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let value: String
        /// The warnings without the `<path>: ` prefix.
        let expected: [String]
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "canonical IPv4", value: "10.0.0.0/8", expected: []),
        Row(name: "canonical IPv6", value: "2001:db8::/64", expected: []),
        Row(name: "unparseable values are left to the error", value: "10.0.0.0", expected: []),
        Row(
            name: "IPv4 host bits", value: "10.0.0.1/8",
            expected: [
                #"CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)"#
            ]
        ),
        Row(
            name: "IPv6 host bits", value: "2001:db8::1/64",
            expected: [
                #"CIDR value "2001:db8::1/64" is ambiguous in this context (should be "2001:db8::/64" or "2001:db8::1/128"?)"#
            ]),
        Row(
            name: "host bits with /0", value: "1.2.3.4/0",
            expected: [#"CIDR value "1.2.3.4/0" is ambiguous in this context (should be "0.0.0.0/0" or "1.2.3.4/32"?)"#]
        ),
        Row(
            name: "leading zero in an octet", value: "010.1.0.0/16",
            expected: [#"non-standard CIDR value "010.1.0.0/16" is invalid: use "10.1.0.0/16""#]),
        Row(
            name: "leading zero in the prefix length", value: "10.1.0.0/016",
            expected: [#"non-standard CIDR value "10.1.0.0/016" is invalid: use "10.1.0.0/16""#]),
        Row(
            name: "leading zero in an IPv6 prefix length", value: "2001:db8::/064",
            expected: [#"non-standard CIDR value "2001:db8::/064" is invalid: use "2001:db8::/64""#]),
        Row(
            name: "five-digit IPv6 group", value: "00001::/16",
            expected: [#"non-standard CIDR value "00001::/16" is invalid: use "1::/16""#]),
        Row(
            name: "IPv4-mapped IPv6", value: "::ffff:10.0.0.0/104",
            expected: [#"non-standard CIDR value "::ffff:10.0.0.0/104" is invalid: use "10.0.0.0/8""#]),
        Row(
            name: "IPv4-mapped IPv6 with an IPv6-sized prefix", value: "::ffff:192.12.2.0/120",
            expected: [#"non-standard CIDR value "::ffff:192.12.2.0/120" is invalid: use "192.12.2.0/24""#]),
        Row(
            name: "IPv4-mapped IPv6 in uppercase hex", value: "::FFFF:a00:0/104",
            expected: [#"non-standard CIDR value "::FFFF:a00:0/104" is invalid: use "10.0.0.0/8""#]),
        Row(
            name: "IPv4-mapped IPv6 with leading zeros warns once", value: "::ffff:010.0.0.0/104",
            expected: [#"non-standard CIDR value "::ffff:010.0.0.0/104" is invalid: use "10.0.0.0/8""#]),
        Row(
            name: "leading zeros and host bits suggest the masked network", value: "192.012.2.8/24",
            expected: [
                #"CIDR value "192.012.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)"#,
                #"non-standard CIDR value "192.012.2.8/24" is invalid: use "192.12.2.0/24""#,
            ]),
        Row(
            name: "IPv4-mapped with host bits: Go prints /128 after the IPv4 address", value: "::ffff:10.0.0.1/104",
            expected: [
                #"CIDR value "::ffff:10.0.0.1/104" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/128"?)"#,
                #"non-standard CIDR value "::ffff:10.0.0.1/104" is invalid: use "10.0.0.0/8""#,
            ]),
        Row(
            name: "uppercase IPv6", value: "2001:DB8::/32",
            expected: [#"IPv6 CIDR value "2001:DB8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")"#]),
        Row(
            name: "uncompressed zero groups", value: "2001:db8:0:0::/64",
            expected: [#"IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")"#]
        ),
        Row(
            name: "four-digit group with a leading zero", value: "2001:0db8::/32",
            expected: [#"IPv6 CIDR value "2001:0db8::/32" should be in RFC 5952 canonical format ("2001:db8::/32")"#]),
        Row(
            name: "all zero groups written out", value: "0:0:0:0:0:0:0:0/0",
            expected: [#"IPv6 CIDR value "0:0:0:0:0:0:0:0/0" should be in RFC 5952 canonical format ("::/0")"#]),
        Row(
            name: "shorter zero run compressed", value: "1::2:0:0:0:3/128",
            expected: [#"IPv6 CIDR value "1::2:0:0:0:3/128" should be in RFC 5952 canonical format ("1:0:0:2::3/128")"#]
        ),
        Row(
            name: "host bits take precedence over the canonical-format warning", value: "2001:DB8::1/32",
            expected: [
                #"CIDR value "2001:DB8::1/32" is ambiguous in this context (should be "2001:db8::/32" or "2001:db8::1/128"?)"#
            ]),
    ]

    @Test("GetWarningsForCIDR", arguments: rows)
    func warnings(_ row: Row) {
        #expect(CIDRValidation.warnings(for: row.value, at: Self.path) == row.expected.map { Self.prefix + $0 })
    }

    @Test("warnings carry the except path")
    func exceptPath() {
        let path = FieldPath.root("spec").child("egress").index(1).child("to").index(0).child("ipBlock")
            .child("except").index(2)
        #expect(
            CIDRValidation.warnings(for: "10.0.0.1/8", at: path) == [
                #"spec.egress[1].to[0].ipBlock.except[2]: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)"#
            ])
    }
}
