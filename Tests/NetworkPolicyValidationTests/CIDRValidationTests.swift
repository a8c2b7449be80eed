import Testing

@testable import NetworkPolicyValidation

/// `IsValidCIDRForLegacyField` with the StrictIPCIDRValidation gate on (1.36 default) and off: every case of
/// KUBERNETES_RULES.md section 3.3.
@Suite("CIDRValidation errors")
struct CIDRValidationTests {
    static let path = FieldPath.root("spec").child("ingress").index(0).child("from").index(0).child("ipBlock", "cidr")

    enum Outcome: Sendable {
        case valid, invalidCIDR, leadingZeros, ipv4Mapped, hostBits

        var detail: String? {
            switch self {
            case .valid: nil
            case .invalidCIDR: "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
            case .leadingZeros: "must not have leading 0s in IP or prefix length"
            case .ipv4Mapped: "must not have an IPv4-mapped IPv6 address"
            case .hostBits: "must not have bits set beyond the prefix length"
            }
        }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let value: String
        /// The value as Go's `%q` prints it in the error.
        let quoted: String
        let strict: Outcome
        let legacy: Outcome
        var testDescription: String { name }

        init(_ name: String, _ value: String, quoted: String? = nil, strict: Outcome, legacy: Outcome) {
            self.name = name
            self.value = value
            self.quoted = quoted ?? "\"\(value)\""
            self.strict = strict
            self.legacy = legacy
        }
    }

    static let rows: [Row] = [
        // Valid with and without the gate.
        Row("IPv4 network", "10.0.0.0/8", strict: .valid, legacy: .valid),
        Row("IPv4 everything", "0.0.0.0/0", strict: .valid, legacy: .valid),
        Row("single IPv4 address", "255.255.255.255/32", strict: .valid, legacy: .valid),
        Row("IPv6 network", "2001:db8::/64", strict: .valid, legacy: .valid),
        Row("IPv6 everything", "::/0", strict: .valid, legacy: .valid),
        Row("single IPv6 address", "::1/128", strict: .valid, legacy: .valid),
        Row("uppercase IPv6 is only non-canonical", "2001:DB8::/32", strict: .valid, legacy: .valid),
        Row("uncompressed IPv6 zero groups", "2001:db8:0:0::/64", strict: .valid, legacy: .valid),
        Row("four-digit IPv6 group with a leading zero", "2001:0db8::/32", strict: .valid, legacy: .valid),
        Row("fully expanded IPv6", "2001:0db8:0000:0000:0000:0000:0000:0000/32", strict: .valid, legacy: .valid),
        Row("NAT64 prefix with an IPv4 tail", "64:ff9b::10.0.0.0/120", strict: .valid, legacy: .valid),

        // Unparseable by the sloppy parser: rejected either way.
        Row("no prefix length", "10.0.0.0", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("IPv4 prefix length 33", "10.0.0.0/33", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("IPv6 prefix length 129", "2001:db8::/129", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("IPv4 prefix length 129", "10.0.0.0/129", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("empty prefix length", "10.0.0.0/", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("empty string", "", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("prefix length only", "/8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("leading space", " 10.0.0.0/8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("trailing space", "10.0.0.0/8 ", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("space before the slash", "10.0.0.0 /8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("space after the slash", "10.0.0.0/ 8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("trailing tab", "10.0.0.0/8\t", quoted: #""10.0.0.0/8\t""#, strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("leading tab", "\t10.0.0.0/8", quoted: #""\t10.0.0.0/8""#, strict: .invalidCIDR, legacy: .invalidCIDR),
        Row(
            "trailing newline", "10.0.0.0/8\n", quoted: #""10.0.0.0/8\n""#, strict: .invalidCIDR,
            legacy: .invalidCIDR),
        Row("newline inside", "10.0.\n0.0/8", quoted: #""10.0.\n0.0/8""#, strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("NUL byte", "10.0.0.0/8\u{0}", quoted: #""10.0.0.0/8\x00""#, strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("fullwidth digit", "10.0.0.0/\u{FF18}", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("IPv6 zone", "fe80::1%eth0/64", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("plus sign", "10.0.0.0/+8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("negative prefix length", "10.0.0.0/-1", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("hex prefix length", "10.0.0.0/0x8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("hex letters as prefix length", "10.0.0.0/ff", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("dotted netmask", "10.0.0.0/255.0.0.0", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("prefix length overflowing 32 bits", "10.0.0.0/4294967304", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("brackets around the IPv6 address", "[2001:db8::]/64", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("brackets around everything", "[2001:db8::/64]", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("three octets", "10.0.0/8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("one octet", "10/8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("five octets", "10.0.0.0.0/8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("octet above 255", "256.0.0.0/8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("hostname", "example.com/24", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("localhost", "localhost/32", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("comma list", "10.0.0.0/8,192.168.0.0/16", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("comma list with a space", "10.0.0.0/8, 192.168.0.0/16", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("two prefix lengths", "10.0.0.0/8/8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("IPv4 with a port", "10.0.0.0:80/8", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("IPv6 group above ffff", "2001:db8::10000/128", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("two double colons", "2001::db8::/64", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("nine IPv6 groups", "1:2:3:4:5:6:7:8:9/64", strict: .invalidCIDR, legacy: .invalidCIDR),
        Row("IPv4 tail too early", "1:2:3:4:5:1.2.3.4/64", strict: .invalidCIDR, legacy: .invalidCIDR),

        // Parseable, rejected only by the strict checks (first match wins).
        Row("leading zero in an IPv4 octet", "010.0.0.0/8", strict: .leadingZeros, legacy: .valid),
        Row("leading zero in the prefix length", "10.0.0.0/08", strict: .leadingZeros, legacy: .valid),
        Row("leading zero in an IPv6 prefix length", "2001:db8::/064", strict: .leadingZeros, legacy: .valid),
        Row("prefix length 00", "0.0.0.0/00", strict: .leadingZeros, legacy: .valid),
        Row("many leading zeros in an octet", "0000000010.0.0.0/8", strict: .leadingZeros, legacy: .valid),
        Row("five-digit IPv6 group", "00001::/16", strict: .leadingZeros, legacy: .valid),
        Row("leading zeros and host bits", "010.0.0.1/8", strict: .leadingZeros, legacy: .valid),
        Row("leading zero in an IPv4-mapped tail", "::ffff:010.0.0.0/104", strict: .leadingZeros, legacy: .valid),
        Row("IPv4-mapped IPv6", "::ffff:10.0.0.0/104", strict: .ipv4Mapped, legacy: .valid),
        Row("IPv4-mapped IPv6 with an IPv4-sized prefix", "::ffff:1.1.1.0/24", strict: .ipv4Mapped, legacy: .valid),
        Row("IPv4-mapped IPv6 written in hex", "::ffff:a00:0/104", strict: .ipv4Mapped, legacy: .valid),
        Row("IPv4-mapped IPv6 with host bits", "::ffff:10.0.0.1/104", strict: .ipv4Mapped, legacy: .valid),
        Row("IPv4 host bits", "10.0.0.1/8", strict: .hostBits, legacy: .valid),
        Row("IPv6 host bits", "2001:db8::1/64", strict: .hostBits, legacy: .valid),
        Row("host bits with /0", "1.2.3.4/0", strict: .hostBits, legacy: .valid),
        Row("uppercase IPv6 with host bits", "2001:DB8::1/32", strict: .hostBits, legacy: .valid),
    ]

    @Test("strict (gate on)", arguments: rows)
    func strict(_ row: Row) {
        let errors = CIDRValidation.validateLegacyCIDR(row.value, at: Self.path, strict: true)
        #expect(errors.map(\.description) == Self.rendered(row, row.strict))
    }

    @Test("legacy (gate off)", arguments: rows)
    func legacy(_ row: Row) {
        let errors = CIDRValidation.validateLegacyCIDR(row.value, at: Self.path, strict: false)
        #expect(errors.map(\.description) == Self.rendered(row, row.legacy))
    }

    @Test("strict is the default")
    func strictByDefault() {
        #expect(
            CIDRValidation.validateLegacyCIDR("10.0.0.1/8", at: Self.path).map(\.description) == [
                "spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \"10.0.0.1/8\": "
                    + "must not have bits set beyond the prefix length"
            ])
    }

    @Test("errors are Invalid with the string value")
    func errorShape() throws {
        let path = FieldPath.root("spec").child("egress").index(1).child("to").index(0).child("ipBlock")
            .child("except").index(2)
        let error = try #require(CIDRValidation.validateLegacyCIDR("10.0.0.0", at: path).first)
        #expect(error.kind == .invalid)
        #expect(error.path == path)
        #expect(error.value == .string("10.0.0.0"))
        #expect(
            error.description
                == "spec.egress[1].to[0].ipBlock.except[2]: Invalid value: \"10.0.0.0\": must be a valid CIDR value, "
                + "(e.g. 10.9.8.0/24 or 2001:db8::/64)")
    }

    static func rendered(_ row: Row, _ outcome: Outcome) -> [String] {
        guard let detail = outcome.detail else { return [] }
        return ["spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \(row.quoted): \(detail)"]
    }
}
