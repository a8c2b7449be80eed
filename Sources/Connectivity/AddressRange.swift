import NetworkPolicyValidation

/// A contiguous range of IPv4 or IPv6 addresses outside the cluster, both bounds included. IPv4 values use the
/// low 32 bits of `low`.
public struct AddressRange: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var family: IPAddress.Family
    public var first: Address
    public var last: Address

    /// A 128-bit address value as two big-endian words, ordered numerically.
    public struct Address: Hashable, Sendable, Comparable {
        public var high: UInt64
        public var low: UInt64

        public init(high: UInt64 = 0, low: UInt64) {
            self.high = high
            self.low = low
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.high, lhs.low) < (rhs.high, rhs.low)
        }

        /// The next address (wraps past the top; callers stop before it).
        var successor: Address {
            low == .max ? Address(high: high &+ 1, low: 0) : Address(high: high, low: low + 1)
        }

        var predecessor: Address {
            low == 0 ? Address(high: high &- 1, low: .max) : Address(high: high, low: low - 1)
        }
    }

    public init(family: IPAddress.Family, first: Address, last: Address) {
        self.family = family
        self.first = first
        self.last = last
    }

    /// The whole address space of `family`.
    public static func all(_ family: IPAddress.Family) -> AddressRange {
        switch family {
        case .v4: AddressRange(family: .v4, first: Address(low: 0), last: Address(low: 0xFFFF_FFFF))
        case .v6: AddressRange(family: .v6, first: Address(low: 0), last: Address(high: .max, low: .max))
        }
    }

    /// The addresses of a CIDR as the apiserver parses it (`ParseCIDRSloppy`); an IPv4-mapped IPv6 network counts
    /// as IPv4, as Go's `IPNet.Contains` treats it. Nil when the text does not parse.
    public init?(cidr text: String) {
        guard let network = IPNetwork.parseSloppy(text) else { return nil }
        var family = network.address.family
        var bytes = network.address.bytes
        var prefix = network.prefixLength
        if family == .v6, let ipv4 = network.address.asIPv4 {
            family = .v4
            bytes = ipv4.bytes
            prefix = max(prefix - 96, 0)
        }
        var value = Address(low: 0)
        for (index, byte) in bytes.enumerated() {
            if family == .v6 && index < 8 {
                value.high = value.high << 8 | UInt64(byte)
            } else {
                value.low = value.low << 8 | UInt64(byte)
            }
        }
        let bits = family == .v4 ? 32 : 128
        let hostBits = bits - min(max(prefix, 0), bits)
        let (maskHigh, maskLow) = Self.hostMask(hostBits: hostBits, family: family)
        first = Address(high: value.high & ~maskHigh, low: value.low & ~maskLow)
        last = Address(high: first.high | maskHigh, low: first.low | maskLow)
        self.family = family
    }

    /// The host part of a family's address for `hostBits` trailing bits.
    private static func hostMask(hostBits: Int, family: IPAddress.Family) -> (UInt64, UInt64) {
        if family == .v4 {
            return (0, hostBits >= 32 ? 0xFFFF_FFFF : (UInt64(1) << hostBits) - 1)
        }
        let low: UInt64 = hostBits >= 64 ? .max : (UInt64(1) << hostBits) - 1
        let high: UInt64 = hostBits <= 64 ? 0 : hostBits >= 128 ? .max : (UInt64(1) << (hostBits - 64)) - 1
        return (high, low)
    }

    /// The range holding exactly one address.
    public init(address: IPAddress) {
        let range = AddressRange(cidr: "\(address)/\(address.asIPv4 != nil ? 32 : 128)")!
        self = range
    }

    public func contains(_ other: AddressRange) -> Bool {
        family == other.family && first <= other.first && other.last <= last
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.family != rhs.family { return lhs.family == .v4 }
        return (lhs.first, lhs.last) < (rhs.first, rhs.last)
    }

    /// `10.0.0.0-10.255.255.255`, `2001:db8::-2001:db8::ffff` (Go's address notation).
    public var description: String {
        Self.text(first, family) + "-" + Self.text(last, family)
    }

    static func text(_ address: Address, _ family: IPAddress.Family) -> String {
        switch family {
        case .v4:
            return IPAddress(
                family: .v4, bytes: (0..<4).map { UInt8(truncatingIfNeeded: address.low >> (24 - 8 * $0)) }
            )
            .description
        case .v6:
            let bytes = (0..<16).map { index in
                UInt8(truncatingIfNeeded: (index < 8 ? address.high : address.low) >> (56 - 8 * (index % 8)))
            }
            return IPAddress(family: .v6, bytes: bytes).rfc5952Description
        }
    }

    /// `ranges` minus `removed`, as sorted disjoint ranges (an ipBlock's `cidr` minus its `except`s).
    static func subtract(_ removed: [AddressRange], from ranges: [AddressRange]) -> [AddressRange] {
        var result = ranges
        for cut in removed {
            var next: [AddressRange] = []
            for range in result {
                guard range.family == cut.family, cut.first <= range.last, range.first <= cut.last else {
                    next.append(range)
                    continue
                }
                if range.first < cut.first {
                    next.append(AddressRange(family: range.family, first: range.first, last: cut.first.predecessor))
                }
                if cut.last < range.last {
                    next.append(AddressRange(family: range.family, first: cut.last.successor, last: range.last))
                }
            }
            result = next
        }
        return result.sorted()
    }

    /// The address space of each family in `families` cut at the bounds of every range in `blocks`: the pieces,
    /// in order, each lying wholly inside or wholly outside every block range.
    static func pieces(of families: [IPAddress.Family], cutBy blocks: [AddressRange]) -> [AddressRange] {
        var result: [AddressRange] = []
        for family in families {
            let space = AddressRange.all(family)
            // A piece starts at the space's start, at every block's first address and after every block's last.
            var starts: Set<Address> = [space.first]
            for block in blocks where block.family == family {
                starts.insert(block.first)
                if block.last < space.last { starts.insert(block.last.successor) }
            }
            let sorted = starts.sorted()
            for (index, start) in sorted.enumerated() {
                let end = index + 1 < sorted.count ? sorted[index + 1].predecessor : space.last
                result.append(AddressRange(family: family, first: start, last: end))
            }
        }
        return result
    }
}
