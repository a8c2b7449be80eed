/// An IPv4 or IPv6 address, as Go's `net.IP` holds it after `netutils.ParseIPSloppy` / `ParseCIDRSloppy`.
///
/// An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) keeps the IPv6 family, exactly as the 16-byte `net.IP` does; Go
/// then treats it as IPv4 when printing (`IP.String`) and matching (`IPNet.Contains`), and so does this type.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public enum Family: Hashable, Sendable { case v4, v6 }

    public var family: Family
    /// The address as one big-endian 128-bit number in two words; IPv4 uses the low 32 bits of `low`. Two words
    /// instead of a byte array keep parsing, masking and comparing free of heap allocations.
    var high: UInt64
    var low: UInt64

    /// 4 bytes for IPv4, 16 for IPv6. Setting a count that does not fit `family` is a programming error.
    public var bytes: [UInt8] {
        get {
            switch family {
            case .v4:
                return (0..<4).map { UInt8(truncatingIfNeeded: low >> (24 - 8 * $0)) }
            case .v6:
                return (0..<16).map { index in
                    let word = index < 8 ? high : low
                    return UInt8(truncatingIfNeeded: word >> (56 - 8 * (index % 8)))
                }
            }
        }
        set {
            self = IPAddress(family: family, bytes: newValue)
        }
    }

    /// `bytes` must hold 4 bytes for `.v4` and 16 for `.v6`.
    public init(family: Family, bytes: [UInt8]) {
        precondition(bytes.count == (family == .v4 ? 4 : 16), "IPAddress: \(bytes.count) bytes for \(family)")
        self.family = family
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if family == .v6 && index < 8 {
                high = high << 8 | UInt64(byte)
            } else {
                low = low << 8 | UInt64(byte)
            }
        }
        self.high = high
        self.low = low
    }

    init(ipv4 value: UInt32) {
        family = .v4
        high = 0
        low = UInt64(value)
    }

    init(ipv6High high: UInt64, low: UInt64) {
        family = .v6
        self.high = high
        self.low = low
    }

    /// `netutils.ParseIPSloppy`: Go's `net.ParseIP` that still accepts leading zeros in IPv4 octets
    /// (`010.1.2.3` is 10.1.2.3). Nil when the apiserver's parser would fail.
    public static func parseSloppy(_ text: String) -> IPAddress? {
        SloppyIPParser.parseIP(text)?.address
    }

    /// 32 for IPv4, 128 for IPv6 (`len(mask)*8` of the parsed network).
    public var bitLength: Int {
        family == .v4 ? 32 : 128
    }

    /// `netip.Addr.Is4In6`: an IPv6 address of the form `::ffff:a.b.c.d`.
    public var isIPv4Mapped: Bool {
        family == .v6 && high == 0 && low >> 32 == 0xFFFF
    }

    /// Go's `IP.To4()`: the address itself when IPv4, the embedded IPv4 address when IPv4-mapped, else nil.
    public var asIPv4: IPAddress? {
        switch family {
        case .v4: self
        case .v6: isIPv4Mapped ? IPAddress(ipv4: UInt32(truncatingIfNeeded: low)) : nil
        }
    }

    /// The address with every bit after the first `prefixLength` cleared (Go's `IP.Mask(CIDRMask(n, bits))`);
    /// `prefixLength` is clamped to `0...bitLength`.
    public func masked(toPrefixLength prefixLength: Int) -> IPAddress {
        var result = self
        switch family {
        case .v4:
            result.low &= UInt64(IPAddress.mask32(ones: prefixLength))
        case .v6:
            let mask = IPAddress.mask128(ones: prefixLength)
            result.high &= mask.high
            result.low &= mask.low
        }
        return result
    }

    /// Go's `IP.String()`: dotted decimal for IPv4 and IPv4-mapped IPv6, RFC 5952 text for other IPv6
    /// (lowercase, no leading zeros, the longest run of two or more zero groups as `::`, the first on ties).
    public var description: String {
        var text: [UInt8] = []
        text.reserveCapacity(39)
        appendGoString(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// `netip.Addr.String()`: as `description`, except that IPv4-mapped IPv6 keeps its `::ffff:` prefix.
    public var rfc5952Description: String {
        var text: [UInt8] = []
        text.reserveCapacity(45)
        appendRFC5952(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// True when `text` is `"\(rfc5952Description)/\(prefixLength)"`, compared without making that string: the
    /// CIDR warnings and checks ask it of every IPv6 value, and nearly every one is canonical.
    public func isRFC5952(_ text: String, prefixLength: Int) -> Bool {
        let matched = text.utf8.withContiguousStorageIfAvailable { bytes in
            var matcher = ASCIIMatcher(expected: bytes)
            appendRFC5952(to: &matcher)
            matcher.append(UInt8(ascii: "/"))
            IPAddress.appendDecimal(prefixLength, to: &matcher)
            return matcher.matchesAll
        }
        return matched ?? (text == "\(rfc5952Description)/\(prefixLength)")
    }

    func appendRFC5952<Sink: ASCIISink>(to text: inout Sink) {
        guard isIPv4Mapped else { return appendGoString(to: &text) }
        for byte in "::ffff:".utf8 { text.append(byte) }
        IPAddress.appendDottedQuad(UInt32(truncatingIfNeeded: low), to: &text)
    }

    func appendGoString<Sink: ASCIISink>(to text: inout Sink) {
        if let ipv4 = asIPv4 {
            IPAddress.appendDottedQuad(UInt32(truncatingIfNeeded: ipv4.low), to: &text)
        } else {
            appendIPv6Groups(to: &text)
        }
    }

    /// The 16-bit group `index` (0...7) of an IPv6 address.
    func group(_ index: Int) -> UInt16 {
        let word = index < 4 ? high : low
        return UInt16(truncatingIfNeeded: word >> (48 - 16 * (index % 4)))
    }

    /// netip's `appendTo6`: RFC 5952 section 4.
    private func appendIPv6Groups<Sink: ASCIISink>(to text: inout Sink) {
        var zeroStart = -1
        var zeroEnd = -1
        var index = 0
        while index < 8 {
            var end = index
            while end < 8 && group(end) == 0 { end += 1 }
            // Section 4.2.2: a single zero group is not compressed; 4.2.3: the first of equally long runs wins.
            if end - index >= 2 && end - index > zeroEnd - zeroStart {
                zeroStart = index
                zeroEnd = end
            }
            index = max(end, index + 1)
        }
        index = 0
        while index < 8 {
            if index == zeroStart {
                text.append(0x3A)
                text.append(0x3A)
                index = zeroEnd
                if index >= 8 { break }
            } else if index > 0 {
                text.append(0x3A)
            }
            IPAddress.appendHex(group(index), to: &text)
            index += 1
        }
    }

    static func appendDottedQuad<Sink: ASCIISink>(_ value: UInt32, to text: inout Sink) {
        for shift in stride(from: 24, through: 0, by: -8) {
            if shift != 24 { text.append(0x2E) }
            appendDecimal(Int(UInt8(truncatingIfNeeded: value >> UInt32(shift))), to: &text)
        }
    }

    static func appendDecimal<Sink: ASCIISink>(_ value: Int, to text: inout Sink) {
        if value >= 10 { appendDecimal(value / 10, to: &text) }
        text.append(0x30 + UInt8(value % 10))
    }

    /// Lowercase, without leading zeros (`0` for zero).
    static func appendHex<Sink: ASCIISink>(_ value: UInt16, to text: inout Sink) {
        var shift: UInt16 = 12
        while shift > 0 && value >> shift == 0 { shift -= 4 }
        while true {
            let digit = UInt8(truncatingIfNeeded: value >> shift) & 0xF
            text.append(digit < 10 ? 0x30 + digit : 0x57 + digit)
            if shift == 0 { break }
            shift -= 4
        }
    }

    /// `CIDRMask(ones, 32)` as a number; `ones` clamped to 0...32.
    static func mask32(ones: Int) -> UInt32 {
        let ones = min(max(ones, 0), 32)
        return ones == 0 ? 0 : UInt32.max << UInt32(32 - ones)
    }

    /// `CIDRMask(ones, 128)` as two words; `ones` clamped to 0...128.
    static func mask128(ones: Int) -> (high: UInt64, low: UInt64) {
        let ones = min(max(ones, 0), 128)
        let high: UInt64 = ones >= 64 ? .max : (ones == 0 ? 0 : .max << UInt64(64 - ones))
        let low: UInt64 = ones <= 64 ? 0 : (ones == 128 ? .max : .max << UInt64(128 - ones))
        return (high, low)
    }
}

/// Where the address formatters write their ASCII bytes: a byte array, or a matcher that compares them with a text.
protocol ASCIISink {
    mutating func append(_ byte: UInt8)
}

extension [UInt8]: ASCIISink {}

/// Compares what is written with `expected` instead of keeping it: no buffer, and nothing allocated.
struct ASCIIMatcher: ASCIISink {
    let expected: UnsafeBufferPointer<UInt8>
    private var count = 0
    private var differs = false

    init(expected: UnsafeBufferPointer<UInt8>) {
        self.expected = expected
    }

    mutating func append(_ byte: UInt8) {
        if count >= expected.count || expected[count] != byte { differs = true }
        count += 1
    }

    /// True when exactly `expected` was written.
    var matchesAll: Bool { !differs && count == expected.count }
}
