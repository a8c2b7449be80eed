import Testing

@testable import NetworkPolicyValidation

/// Property tests over deterministically generated networks: the canonical text (Go's `IPNet.String`) parses back to
/// the same value and is clean under strict validation, and non-canonical spellings of the same network parse to it
/// and draw exactly the expected error or warning.
@Suite("CIDR round trip")
struct CIDRRoundTripTests {
    /// SplitMix64: small, fast and the same on every platform, so failures reproduce from the seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let path = FieldPath.root("spec").child("ingress").index(0).child("from").index(0).child("ipBlock", "cidr")
    static let iterations = 3000

    @Test("IPv4: canonical text round-trips; zero-padded text parses the same and is strict-invalid")
    func ipv4() throws {
        var random = SeededGenerator(state: 0x4E50_4C49_4E54_0004)
        for _ in 0..<Self.iterations {
            let value = random.next(upperBound: UInt32.max)
            let prefixLength = Int(random.next(upperBound: 33 as UInt32))
            let network = IPNetwork(
                address: IPAddress(ipv4: value).masked(toPrefixLength: prefixLength), prefixLength: prefixLength)
            let canonical = network.description

            #expect(IPNetwork.parseSloppy(canonical) == network, "\(canonical)")
            #expect(IPAddress.parseSloppy(network.address.description) == network.address)
            #expect(CIDRValidation.validateLegacyCIDR(canonical, at: Self.path).isEmpty, "\(canonical)")
            #expect(CIDRValidation.warnings(for: canonical, at: Self.path).isEmpty, "\(canonical)")

            // Every octet and the prefix length padded with zeros: same network, strict error, one warning.
            let padded = network.address.bytes.map { "00" + String($0) }.joined(separator: ".") + "/0\(prefixLength)"
            #expect(IPNetwork.parseSloppy(padded) == network, "\(padded)")
            #expect(
                CIDRValidation.validateLegacyCIDR(padded, at: Self.path).map(\.detail) == [
                    CIDRValidation.leadingZerosDetail
                ], "\(padded)")
            #expect(CIDRValidation.validateLegacyCIDR(padded, at: Self.path, strict: false).isEmpty)
            #expect(
                CIDRValidation.warnings(for: padded, at: Self.path) == [
                    "\(Self.path): non-standard CIDR value \"\(padded)\" is invalid: use \"\(canonical)\""
                ])
        }
    }

    @Test("IPv6: canonical text round-trips; expanded uppercase text parses the same and only warns")
    func ipv6() throws {
        var random = SeededGenerator(state: 0x4E50_4C49_4E54_0006)
        var checked = 0
        while checked < Self.iterations {
            // Zero groups are frequent so that runs of every length and position get compressed.
            var groups: [UInt16] = []
            for _ in 0..<8 {
                switch random.next(upperBound: 10 as UInt32) {
                case 0..<4: groups.append(0)
                case 4..<6: groups.append(UInt16(random.next(upperBound: 16 as UInt32)))
                default: groups.append(UInt16(truncatingIfNeeded: random.next()))
                }
            }
            let bytes = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            let prefixLength = Int(random.next(upperBound: 129 as UInt32))
            let address = IPAddress(family: .v6, bytes: bytes).masked(toPrefixLength: prefixLength)
            // IPv4-mapped networks print in IPv4 form; they have their own test below.
            guard !address.isIPv4Mapped else { continue }
            checked += 1
            let network = IPNetwork(address: address, prefixLength: prefixLength)
            let canonical = network.description

            #expect(IPNetwork.parseSloppy(canonical) == network, "\(canonical)")
            #expect(IPAddress.parseSloppy(address.description) == address)
            #expect(address.description == address.rfc5952Description)
            #expect(CIDRValidation.validateLegacyCIDR(canonical, at: Self.path).isEmpty, "\(canonical)")
            #expect(CIDRValidation.warnings(for: canonical, at: Self.path).isEmpty, "\(canonical)")

            // All eight groups, four uppercase digits each.
            let expanded =
                (0..<8).map { index in
                    let hex = String(address.group(index), radix: 16, uppercase: true)
                    return String(repeating: "0", count: 4 - hex.count) + hex
                }.joined(separator: ":") + "/\(prefixLength)"
            #expect(IPNetwork.parseSloppy(expanded) == network, "\(expanded)")
            #expect(CIDRValidation.validateLegacyCIDR(expanded, at: Self.path).isEmpty, "\(expanded)")
            let expected =
                expanded == canonical
                ? []
                : [
                    "\(Self.path): IPv6 CIDR value \"\(expanded)\" should be in RFC 5952 canonical format "
                        + "(\"\(canonical)\")"
                ]
            #expect(CIDRValidation.warnings(for: expanded, at: Self.path) == expected)
        }
    }

    @Test("IPv4-mapped: the printed form is the IPv4 network it stands for")
    func ipv4Mapped() throws {
        var random = SeededGenerator(state: 0x4E50_4C49_4E54_0046)
        for _ in 0..<Self.iterations {
            let value = random.next(upperBound: UInt32.max)
            let ipv4PrefixLength = Int(random.next(upperBound: 33 as UInt32))
            let mappedText = "::ffff:\(IPAddress(ipv4: value))/\(ipv4PrefixLength + 96)"
            let mapped = try #require(IPNetwork.parseSloppy(mappedText))
            let ipv4 = try #require(IPNetwork.parseSloppy("\(IPAddress(ipv4: value))/\(ipv4PrefixLength)"))

            #expect(mapped.address.family == .v6)
            #expect(mapped.prefixLength == ipv4PrefixLength + 96)
            #expect(mapped.description == ipv4.description)
            #expect(IPNetwork.parseSloppy(mapped.description) == ipv4)
            #expect(mapped.contains(ipv4.address) && ipv4.contains(mapped.address))
            #expect(
                CIDRValidation.validateLegacyCIDR(mappedText, at: Self.path).map(\.detail) == [
                    CIDRValidation.ipv4MappedDetail
                ])
        }
    }
}
