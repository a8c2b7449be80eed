import Testing

@testable import NetworkPolicyValidation

/// `netutils.ParseCIDRSloppy` results and `net.IPNet.String` / `Contains`, plus the `except` subset rule of
/// `ValidateIPBlock` that builds on them.
@Suite("IPNetwork")
struct CIDRNetworkTests {
    struct ParseRow: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        /// Go's `IPNet.String()`.
        let expected: String
        let family: IPAddress.Family
        /// `IPNet.Mask.Size()` ones.
        let prefixLength: Int
        var testDescription: String { name }
    }

    static let parseRows: [ParseRow] = [
        ParseRow(name: "IPv4 network", text: "10.0.0.0/8", expected: "10.0.0.0/8", family: .v4, prefixLength: 8),
        ParseRow(name: "leading zero octet", text: "010.0.0.0/8", expected: "10.0.0.0/8", family: .v4, prefixLength: 8),
        ParseRow(
            name: "leading zero prefix", text: "10.0.0.0/08", expected: "10.0.0.0/8", family: .v4, prefixLength: 8),
        ParseRow(
            name: "many leading zeros in prefix", text: "10.0.0.0/0000000000008", expected: "10.0.0.0/8", family: .v4,
            prefixLength: 8),
        ParseRow(name: "host bits cleared", text: "10.0.0.1/8", expected: "10.0.0.0/8", family: .v4, prefixLength: 8),
        ParseRow(
            name: "host bits inside an octet", text: "192.168.1.77/26", expected: "192.168.1.64/26", family: .v4,
            prefixLength: 26),
        ParseRow(name: "host bits with /0", text: "1.2.3.4/0", expected: "0.0.0.0/0", family: .v4, prefixLength: 0),
        ParseRow(
            name: "single IPv4 address", text: "1.2.3.4/32", expected: "1.2.3.4/32", family: .v4, prefixLength: 32),
        ParseRow(name: "everything IPv6", text: "::/0", expected: "::/0", family: .v6, prefixLength: 0),
        ParseRow(
            name: "uppercase IPv6 with host bits", text: "2001:DB8::1/32", expected: "2001:db8::/32", family: .v6,
            prefixLength: 32),
        ParseRow(
            name: "uncompressed zero groups", text: "2001:db8:0:0::/64", expected: "2001:db8::/64", family: .v6,
            prefixLength: 64),
        ParseRow(
            name: "IPv6 leading zeros everywhere", text: "2001:0db8::/032", expected: "2001:db8::/32", family: .v6,
            prefixLength: 32),
        ParseRow(name: "five-digit IPv6 group", text: "00001::/16", expected: "1::/16", family: .v6, prefixLength: 16),
        ParseRow(
            name: "IPv4-mapped keeps its IPv6 prefix length", text: "::ffff:10.0.0.0/104", expected: "10.0.0.0/8",
            family: .v6, prefixLength: 104),
        ParseRow(
            name: "IPv4-mapped with host bits", text: "::ffff:10.1.2.3/120", expected: "10.1.2.0/24", family: .v6,
            prefixLength: 120),
        ParseRow(
            name: "IPv4-mapped at /96", text: "::ffff:0.0.0.0/96", expected: "0.0.0.0/0", family: .v6,
            prefixLength: 96),
        ParseRow(
            name: "IPv4-mapped with an IPv4-sized prefix masks to ::", text: "::ffff:1.2.3.4/24", expected: "::/24",
            family: .v6, prefixLength: 24),
        ParseRow(
            name: "IPv4-mapped cut inside the ffff", text: "::ffff:1.2.3.4/95", expected: "::fffe:0:0/95",
            family: .v6, prefixLength: 95),
        ParseRow(
            name: "IPv4 tail", text: "1:2:3:4:5:6:7.8.9.10/128", expected: "1:2:3:4:5:6:708:90a/128", family: .v6,
            prefixLength: 128),
        ParseRow(
            name: "IPv4-compatible IPv6", text: "::1.2.3.4/128", expected: "::102:304/128", family: .v6,
            prefixLength: 128),
    ]

    @Test("ParseCIDRSloppy", arguments: parseRows)
    func parse(_ row: ParseRow) throws {
        let network = try #require(IPNetwork.parseSloppy(row.text))
        #expect(network.description == row.expected)
        #expect(network.address.family == row.family)
        #expect(network.prefixLength == row.prefixLength)
    }

    @Test("an IPv4-mapped network keeps Go's 16-byte masked address")
    func mappedBytes() throws {
        let network = try #require(IPNetwork.parseSloppy("::ffff:10.1.2.3/104"))
        #expect(network.address.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 0])
        let ipv4 = try #require(IPNetwork.parseSloppy("10.1.2.3/24"))
        #expect(ipv4.address.bytes == [10, 1, 2, 0])
    }

    static let unparseable = [
        "", "10.0.0.0", "10.0.0.0/", "/8", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "10.0.0.0/+8",
        "10.0.0.0/0x8", "fe80::1%eth0/64", "[2001:db8::]/64", "10.0.0/8", "example.com/24", "10.0.0.0/8 ",
        "10.0.0.0/8,10.1.0.0/16", "10.0.0.0/4294967304",
    ]

    @Test("unparseable values", arguments: unparseable)
    func unparseableValues(_ text: String) {
        #expect(IPNetwork.parseSloppy(text) == nil)
    }

    struct ContainsRow: Sendable, CustomTestStringConvertible {
        let name: String
        let network: String
        let address: String
        let expected: Bool
        var testDescription: String { name }
    }

    static let containsRows: [ContainsRow] = [
        ContainsRow(name: "inside IPv4", network: "10.0.0.0/8", address: "10.255.255.255", expected: true),
        ContainsRow(name: "outside IPv4", network: "10.0.0.0/8", address: "11.0.0.0", expected: false),
        ContainsRow(name: "IPv4 everything", network: "0.0.0.0/0", address: "1.2.3.4", expected: true),
        ContainsRow(name: "IPv4 everything, IPv6 address", network: "0.0.0.0/0", address: "::1", expected: false),
        ContainsRow(name: "IPv6 everything, IPv4 address", network: "::/0", address: "1.2.3.4", expected: false),
        ContainsRow(
            name: "IPv6 everything, IPv4-mapped address", network: "::/0", address: "::ffff:1.2.3.4", expected: false),
        ContainsRow(name: "IPv6 everything", network: "::/0", address: "2001:db8::1", expected: true),
        ContainsRow(name: "inside IPv6", network: "2001:db8::/32", address: "2001:db8:ffff::1", expected: true),
        ContainsRow(name: "outside IPv6", network: "2001:db8::/32", address: "2001:db9::", expected: false),
        ContainsRow(name: "IPv4 /31", network: "10.0.0.0/31", address: "10.0.0.1", expected: true),
        ContainsRow(name: "IPv4 /32 itself", network: "1.2.3.4/32", address: "1.2.3.4", expected: true),
        ContainsRow(name: "IPv6 /127 last bit", network: "2001:db8::/127", address: "2001:db8::1", expected: true),
        ContainsRow(name: "IPv6 /127 next", network: "2001:db8::/127", address: "2001:db8::2", expected: false),
        ContainsRow(
            name: "IPv4 network, IPv4-mapped address", network: "10.0.0.0/8", address: "::ffff:10.1.2.3", expected: true
        ),
        ContainsRow(
            name: "IPv4-mapped network, IPv4 address", network: "::ffff:10.0.0.0/104", address: "10.9.9.9",
            expected: true),
        ContainsRow(
            name: "IPv4-mapped network, IPv4 address outside", network: "::ffff:10.0.0.0/104", address: "11.0.0.0",
            expected: false),
        ContainsRow(
            name: "IPv4-mapped network, IPv4-mapped address", network: "::ffff:10.0.0.0/104",
            address: "::ffff:10.1.1.1", expected: true),
        ContainsRow(
            name: "IPv4-mapped /96 holds all IPv4", network: "::ffff:0.0.0.0/96", address: "192.168.0.1",
            expected: true),
    ]

    @Test("IPNet.Contains", arguments: containsRows)
    func contains(_ row: ContainsRow) throws {
        let network = try #require(IPNetwork.parseSloppy(row.network))
        let address = try #require(IPAddress.parseSloppy(row.address))
        #expect(network.contains(address) == row.expected)
    }

    struct SubsetRow: Sendable, CustomTestStringConvertible {
        let name: String
        let cidr: String
        let except: String
        let expected: Bool
        var testDescription: String { name }
    }

    /// KUBERNETES_RULES.md 3.3 item 4, computed as `cidr.Contains(except.IP) && cidrMaskLen < exceptMaskLen`.
    static let subsetRows: [SubsetRow] = [
        SubsetRow(name: "narrower inside", cidr: "10.0.0.0/8", except: "10.1.0.0/16", expected: true),
        SubsetRow(name: "equal prefix", cidr: "10.0.0.0/8", except: "10.0.0.0/8", expected: false),
        SubsetRow(name: "outside", cidr: "10.0.0.0/8", except: "192.168.0.0/16", expected: false),
        SubsetRow(name: "wider", cidr: "10.0.0.0/16", except: "10.0.0.0/8", expected: false),
        SubsetRow(name: "everything minus everything", cidr: "0.0.0.0/0", except: "0.0.0.0/0", expected: false),
        SubsetRow(name: "except equal to a /32 cidr", cidr: "10.0.0.1/32", except: "10.0.0.1/32", expected: false),
        SubsetRow(name: "single address inside", cidr: "10.0.0.0/24", except: "10.0.0.1/32", expected: true),
        SubsetRow(name: "except with host bits inside", cidr: "10.0.0.0/8", except: "10.1.0.1/16", expected: true),
        SubsetRow(name: "IPv4 except in IPv6 cidr", cidr: "::/0", except: "10.0.0.0/8", expected: false),
        SubsetRow(name: "IPv6 except in IPv4 cidr", cidr: "0.0.0.0/0", except: "2001:db8::/32", expected: false),
        SubsetRow(name: "IPv6 inside", cidr: "2001:db8::/32", except: "2001:db8:1::/48", expected: true),
        SubsetRow(
            name: "IPv4 except in IPv4-mapped cidr: contained but /104 is not shorter than /16",
            cidr: "::ffff:10.0.0.0/104", except: "10.1.0.0/16", expected: false),
        SubsetRow(
            name: "IPv4-mapped except in IPv4 cidr passes as Go computes it", cidr: "10.0.0.0/8",
            except: "::ffff:10.1.0.0/112", expected: true),
        SubsetRow(
            name: "IPv4-mapped except in IPv6 everything is unwrapped to IPv4", cidr: "::/0",
            except: "::ffff:10.0.0.0/104", expected: false),
    ]

    @Test("except must be a strict subset of cidr", arguments: subsetRows)
    func strictSubset(_ row: SubsetRow) throws {
        let cidr = try #require(IPNetwork.parseSloppy(row.cidr))
        let except = try #require(IPNetwork.parseSloppy(row.except))
        #expect(cidr.strictlyContains(except) == row.expected)
    }
}
