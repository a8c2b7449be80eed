import Testing

@testable import NetworkPolicyValidation

/// `netutils.ParseIPSloppy` (the forked Go 1.16 `net.ParseIP`) and Go's `IP.String()`.
@Suite("IPAddress")
struct IPAddressTests {
    struct ParseRow: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        /// Go's `IP.String()` of the result, nil when the parser fails.
        let expected: String?
        var testDescription: String { name }
    }

    static let parseRows: [ParseRow] = [
        ParseRow(name: "IPv4", text: "1.2.3.4", expected: "1.2.3.4"),
        ParseRow(name: "IPv4 all zeros", text: "0.0.0.0", expected: "0.0.0.0"),
        ParseRow(name: "IPv4 maximum", text: "255.255.255.255", expected: "255.255.255.255"),
        ParseRow(name: "IPv4 leading zeros accepted", text: "010.002.003.004", expected: "10.2.3.4"),
        ParseRow(name: "IPv4 many leading zeros", text: "0000000001.0.0.0", expected: "1.0.0.0"),
        ParseRow(name: "IPv4 three octets", text: "1.2.3", expected: nil),
        ParseRow(name: "IPv4 five octets", text: "1.2.3.4.5", expected: nil),
        ParseRow(name: "IPv4 octet above 255", text: "256.1.1.1", expected: nil),
        ParseRow(name: "IPv4 empty octet", text: "1..2.3", expected: nil),
        ParseRow(name: "IPv4 trailing dot", text: "1.2.3.4.", expected: nil),
        ParseRow(name: "IPv4 negative octet", text: "1.2.3.-4", expected: nil),
        ParseRow(name: "IPv4 with port", text: "1.2.3.4:80", expected: nil),
        ParseRow(name: "IPv4 with zone", text: "169.254.0.0%eth0", expected: nil),
        ParseRow(name: "letters with dots", text: "a.b.c.d", expected: nil),
        ParseRow(name: "empty string", text: "", expected: nil),
        ParseRow(name: "no separator", text: "1234", expected: nil),
        ParseRow(name: "leading space", text: " 1.2.3.4", expected: nil),
        ParseRow(name: "trailing space", text: "1.2.3.4 ", expected: nil),
        ParseRow(name: "IPv6 unspecified", text: "::", expected: "::"),
        ParseRow(name: "IPv6 loopback", text: "::1", expected: "::1"),
        ParseRow(name: "IPv6 trailing double colon", text: "1::", expected: "1::"),
        ParseRow(name: "IPv6 full", text: "1:2:3:4:5:6:7:8", expected: "1:2:3:4:5:6:7:8"),
        ParseRow(name: "IPv6 uppercase", text: "2001:DB8::ABCD", expected: "2001:db8::abcd"),
        ParseRow(name: "IPv6 five-digit group with leading zeros", text: "00001::", expected: "1::"),
        ParseRow(name: "IPv6 group above ffff", text: "12345::", expected: nil),
        ParseRow(name: "IPv6 triple colon", text: ":::", expected: nil),
        ParseRow(name: "IPv6 two double colons", text: "1::2::3", expected: nil),
        ParseRow(name: "IPv6 nine groups", text: "1:2:3:4:5:6:7:8:9", expected: nil),
        ParseRow(name: "IPv6 seven groups without double colon", text: "1:2:3:4:5:6:7", expected: nil),
        ParseRow(
            name: "IPv6 double colon standing for one group", text: "1:2:3:4:5:6:7::", expected: "1:2:3:4:5:6:7:0"),
        ParseRow(name: "IPv6 double colon standing for no group", text: "1:2:3:4:5:6:7:8::", expected: nil),
        ParseRow(name: "IPv6 leading double colon and eight groups", text: "::1:2:3:4:5:6:7:8", expected: nil),
        ParseRow(name: "IPv6 trailing single colon", text: "1:", expected: nil),
        ParseRow(name: "IPv6 leading single colon", text: ":1", expected: nil),
        ParseRow(name: "IPv6 with zone", text: "fe80::1%eth0", expected: nil),
        ParseRow(name: "IPv6 in brackets", text: "[::1]", expected: nil),
        ParseRow(name: "IPv4-mapped IPv6", text: "::ffff:1.2.3.4", expected: "1.2.3.4"),
        ParseRow(name: "IPv4-mapped IPv6 in hex", text: "::ffff:102:304", expected: "1.2.3.4"),
        ParseRow(name: "IPv4-mapped IPv6 with leading zeros", text: "::ffff:001.002.003.004", expected: "1.2.3.4"),
        ParseRow(name: "IPv4 tail in the last 32 bits", text: "1:2:3:4:5:6:7.8.9.10", expected: "1:2:3:4:5:6:708:90a"),
        ParseRow(name: "IPv4 tail too early", text: "1:2:3:4:5:1.2.3.4", expected: nil),
        ParseRow(name: "IPv4 tail too late", text: "1:2:3:4:5:6:7:1.2.3.4", expected: nil),
        ParseRow(name: "IPv4 tail leaving no group for the double colon", text: "::1:2:3:4:5:6:1.2.3.4", expected: nil),
        ParseRow(name: "IPv4-compatible IPv6 prints in hex", text: "::1.2.3.4", expected: "::102:304"),
        ParseRow(name: "IPv4 before double colon", text: "1.2.3.4::", expected: nil),
        ParseRow(name: "IPv4 tail with garbage", text: "::1.2.3.4:5", expected: nil),
    ]

    @Test("ParseIPSloppy", arguments: parseRows)
    func parseSloppy(_ row: ParseRow) {
        #expect(IPAddress.parseSloppy(row.text)?.description == row.expected)
    }

    struct FormatRow: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let goString: String
        let rfc5952: String
        var testDescription: String { name }
    }

    /// RFC 5952 section 4 and Go's `IP.String()` choice for IPv4-mapped addresses.
    static let formatRows: [FormatRow] = [
        FormatRow(name: "all zeros", text: "0:0:0:0:0:0:0:0", goString: "::", rfc5952: "::"),
        FormatRow(name: "loopback", text: "0:0:0:0:0:0:0:1", goString: "::1", rfc5952: "::1"),
        FormatRow(name: "trailing zeros", text: "1:0:0:0:0:0:0:0", goString: "1::", rfc5952: "1::"),
        FormatRow(
            name: "leading zeros in groups dropped", text: "2001:0db8:0000:0000:0000:ff00:0042:8329",
            goString: "2001:db8::ff00:42:8329", rfc5952: "2001:db8::ff00:42:8329"),
        FormatRow(name: "lowercase", text: "2001:DB8::AB:CD", goString: "2001:db8::ab:cd", rfc5952: "2001:db8::ab:cd"),
        FormatRow(
            name: "single zero group not compressed", text: "2001:db8:0:1:1:1:1:1",
            goString: "2001:db8:0:1:1:1:1:1", rfc5952: "2001:db8:0:1:1:1:1:1"),
        FormatRow(
            name: "longest run compressed", text: "2001:0:0:1:0:0:0:1", goString: "2001:0:0:1::1",
            rfc5952: "2001:0:0:1::1"),
        FormatRow(
            name: "first of equal runs compressed", text: "2001:db8:0:0:1:0:0:1", goString: "2001:db8::1:0:0:1",
            rfc5952: "2001:db8::1:0:0:1"),
        FormatRow(
            name: "single trailing zero", text: "1:2:3:4:5:6:7:0", goString: "1:2:3:4:5:6:7:0",
            rfc5952: "1:2:3:4:5:6:7:0"),
        FormatRow(
            name: "two trailing zeros", text: "1:2:3:4:5:6:0:0", goString: "1:2:3:4:5:6::", rfc5952: "1:2:3:4:5:6::"),
        FormatRow(name: "IPv4-mapped", text: "::ffff:1.2.3.4", goString: "1.2.3.4", rfc5952: "::ffff:1.2.3.4"),
        FormatRow(name: "IPv4-mapped zero", text: "::ffff:0:0", goString: "0.0.0.0", rfc5952: "::ffff:0.0.0.0"),
        FormatRow(name: "IPv4-mapped small groups", text: "::ffff:1:2", goString: "0.1.0.2", rfc5952: "::ffff:0.1.0.2"),
        FormatRow(
            name: "NAT64 prefix is not mapped", text: "64:ff9b::1.2.3.4", goString: "64:ff9b::102:304",
            rfc5952: "64:ff9b::102:304"),
        FormatRow(name: "IPv4", text: "192.168.0.1", goString: "192.168.0.1", rfc5952: "192.168.0.1"),
    ]

    @Test("IP.String and netip Addr.String", arguments: formatRows)
    func format(_ row: FormatRow) throws {
        let address = try #require(IPAddress.parseSloppy(row.text))
        #expect(address.description == row.goString)
        #expect(address.rfc5952Description == row.rfc5952)
    }

    /// `isRFC5952` compares while formatting: the canonical text matches, the text as written (when it differs),
    /// a prefix or a suffix of it, or another prefix length does not.
    @Test("isRFC5952 is comparing with rfc5952Description", arguments: formatRows)
    func isRFC5952(_ row: FormatRow) throws {
        let address = try #require(IPAddress.parseSloppy(row.text))
        #expect(address.isRFC5952(row.rfc5952 + "/64", prefixLength: 64))
        #expect(!address.isRFC5952(row.rfc5952 + "/6", prefixLength: 64))
        #expect(!address.isRFC5952(row.rfc5952 + "/640", prefixLength: 64))
        #expect(!address.isRFC5952(row.rfc5952, prefixLength: 64))
        #expect(address.isRFC5952(row.text + "/7", prefixLength: 7) == (row.text == row.rfc5952))
    }

    @Test("bytes and family follow Go's net.IP lengths")
    func bytes() throws {
        let ipv4 = try #require(IPAddress.parseSloppy("10.1.2.3"))
        #expect(ipv4.family == .v4)
        #expect(ipv4.bytes == [10, 1, 2, 3])
        let mapped = try #require(IPAddress.parseSloppy("::ffff:10.1.2.3"))
        #expect(mapped.family == .v6)
        #expect(mapped.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 1, 2, 3])
        #expect(mapped.isIPv4Mapped)
        #expect(mapped.asIPv4 == ipv4)
        let ipv6 = try #require(IPAddress.parseSloppy("2001:db8::1"))
        #expect(ipv6.bytes == [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        #expect(ipv6.asIPv4 == nil)
        #expect(IPAddress(family: .v6, bytes: ipv6.bytes) == ipv6)
        var edited = ipv4
        edited.bytes = [192, 168, 0, 1]
        #expect(edited.description == "192.168.0.1")
    }

    @Test("masking clears host bits")
    func masking() throws {
        let ipv4 = try #require(IPAddress.parseSloppy("192.168.1.77"))
        #expect(ipv4.masked(toPrefixLength: 26).description == "192.168.1.64")
        #expect(ipv4.masked(toPrefixLength: 0).description == "0.0.0.0")
        #expect(ipv4.masked(toPrefixLength: 32) == ipv4)
        let ipv6 = try #require(IPAddress.parseSloppy("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff"))
        #expect(ipv6.masked(toPrefixLength: 63).description == "2001:db8:aaaa:bbba::")
        #expect(ipv6.masked(toPrefixLength: 64).description == "2001:db8:aaaa:bbbb::")
        #expect(ipv6.masked(toPrefixLength: 65).description == "2001:db8:aaaa:bbbb:8000::")
        #expect(ipv6.masked(toPrefixLength: 127).description == "2001:db8:aaaa:bbbb:cccc:dddd:eeee:fffe")
        #expect(ipv6.masked(toPrefixLength: 128) == ipv6)
        #expect(ipv6.masked(toPrefixLength: 0).description == "::")
    }
}
