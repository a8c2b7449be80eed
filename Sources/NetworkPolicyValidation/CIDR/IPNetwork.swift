/// An IP network as Go's `net.IPNet` from `ParseCIDRSloppy`: the address with host bits cleared and the prefix
/// length.
///
/// The prefix length counts bits of the address's own family, as `IPNet.Mask.Size()` does: an IPv4-mapped IPv6
/// network such as `::ffff:10.0.0.0/104` keeps its 16-byte address and prefix length 104, yet prints as
/// `10.0.0.0/8` and matches IPv4 addresses, because Go's `IPNet.String` and `IPNet.Contains` unwrap it.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var prefixLength: Int

    /// Stores the values as given, like a Go `IPNet` literal: host bits in `address` are not cleared.
    public init(address: IPAddress, prefixLength: Int) {
        self.address = address
        self.prefixLength = prefixLength
    }

    /// `netutils.ParseCIDRSloppy`: nil when the apiserver's parser would fail.
    public static func parseSloppy(_ text: String) -> IPNetwork? {
        SloppyIPParser.parseCIDR(text)?.network
    }

    /// `netutils.ParseCIDRSloppy`'s first return value with the prefix length: the address as written, host bits
    /// kept; and whether `netip.ParsePrefix` would refuse the text for leading zeros. Nil when the apiserver's
    /// parser would fail.
    public static func parseSloppyAddress(_ text: String)
        -> (address: IPAddress, prefixLength: Int, hasLeadingZeros: Bool)?
    {
        SloppyIPParser.parseCIDR(text).map { ($0.address, $0.prefixLength, $0.hasLeadingZeros) }
    }

    /// `net.IPNet.Contains`. Families are compared after Go's `To4()` on both sides, so an IPv4 network and an
    /// IPv4-mapped IPv6 network match IPv4 and IPv4-mapped addresses alike, while a plain IPv6 network (even
    /// `::/0`) never matches an IPv4 or IPv4-mapped address, and an IPv4 network never matches plain IPv6.
    public func contains(_ other: IPAddress) -> Bool {
        let network = networkNumberAndMask
        if let ipv4 = other.asIPv4 {
            guard network.isIPv4 else { return false }
            return (network.low ^ ipv4.low) & network.maskLow == 0
        }
        guard !network.isIPv4 else { return false }
        return (network.high ^ other.high) & network.maskHigh == 0 && (network.low ^ other.low) & network.maskLow == 0
    }

    /// The `except` rule of `ValidateIPBlock` (pkg/apis/networking/validation): `other` must be a strict subset,
    /// tested as Kubernetes does, `cidr.Contains(except.IP) && cidrMaskLen < exceptMaskLen`, prefix lengths
    /// compared as `Mask.Size()` (so `::ffff:10.0.0.0/104` counts as 104, not 8).
    public func strictlyContains(_ other: IPNetwork) -> Bool {
        contains(other.address) && prefixLength < other.prefixLength
    }

    /// Go's `IPNet.String()`: `10.0.0.0/8`, `2001:db8::/32`; IPv4-mapped networks print in IPv4 form
    /// (`::ffff:10.0.0.0/104` prints `10.0.0.0/8`).
    public var description: String {
        let network = networkNumberAndMask
        var text: [UInt8] = []
        text.reserveCapacity(43)
        address.appendGoString(to: &text)
        text.append(UInt8(ascii: "/"))
        IPAddress.appendDecimal(network.ones, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Go's `networkNumberAndMask`: an address that `To4()` unwraps is compared on its last 32 bits with the last
    /// 32 bits of the mask (`m[12:]`).
    private var networkNumberAndMask: NetworkNumber {
        switch address.family {
        case .v4:
            let ones = min(max(prefixLength, 0), 32)
            let mask = UInt64(IPAddress.mask32(ones: ones))
            return NetworkNumber(isIPv4: true, high: 0, low: address.low, maskHigh: 0, maskLow: mask, ones: ones)
        case .v6:
            let mask = IPAddress.mask128(ones: prefixLength)
            if let ipv4 = address.asIPv4 {
                let ones = min(max(prefixLength - 96, 0), 32)
                let maskLow = mask.low & 0xFFFF_FFFF
                return NetworkNumber(isIPv4: true, high: 0, low: ipv4.low, maskHigh: 0, maskLow: maskLow, ones: ones)
            }
            return NetworkNumber(
                isIPv4: false, high: address.high, low: address.low, maskHigh: mask.high, maskLow: mask.low,
                ones: min(max(prefixLength, 0), 128)
            )
        }
    }

    /// The network number and mask as Go compares and prints them, `ones` being the printed prefix length.
    private struct NetworkNumber {
        var isIPv4: Bool
        var high: UInt64
        var low: UInt64
        var maskHigh: UInt64
        var maskLow: UInt64
        var ones: Int
    }
}
