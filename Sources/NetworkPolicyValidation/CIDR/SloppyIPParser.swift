/// The IP and CIDR parser behind `netutils.ParseIPSloppy` / `ParseCIDRSloppy`: Go's pre-1.17 `net` parser as
/// forked in `k8s.io/utils/internal/third_party/forked/golang/net/ip.go` (`parseIPv4`, `parseIPv6`, `ParseIP`,
/// `ParseCIDR`, with `dtoi`/`xtoi` of Go's `net/parse.go`). It differs from today's `net.ParseCIDR` only in
/// accepting leading zeros in IPv4 octets (and, through `xtoi`, IPv6 groups of more than four digits).
///
/// While parsing it also records whether `net/netip` (`ParseAddr`/`ParsePrefix`) would refuse the same text. Given
/// that the sloppy parse succeeded, netip refuses exactly: an IPv4 octet (plain or embedded in IPv6) of two or more
/// digits starting with `0`, an IPv6 group of more than four digits, or a prefix length of two or more digits
/// starting with `0`. That is the "leading 0s" of `validation.IsValidCIDRForLegacyField` and `GetWarningsForCIDR`.
///
/// Works on the UTF-8 bytes in place; nothing is allocated on the heap.
enum SloppyIPParser {
    /// What `ParseCIDRSloppy` returns, plus netip's verdict.
    struct CIDR: Hashable, Sendable {
        /// The address as written, host bits kept (Go's first return value).
        var address: IPAddress
        var prefixLength: Int
        /// `netip.ParsePrefix` would fail on the same text.
        var hasLeadingZeros: Bool

        /// Go's `*net.IPNet`: the address with host bits cleared.
        var network: IPNetwork {
            IPNetwork(address: address.masked(toPrefixLength: prefixLength), prefixLength: prefixLength)
        }

        /// Bits set after the prefix length (`!ip.Equal(ipnet.IP)`).
        var hasHostBits: Bool {
            address != address.masked(toPrefixLength: prefixLength)
        }
    }

    /// What `ParseIPSloppy` returns, plus netip's verdict.
    struct Address: Hashable, Sendable {
        var address: IPAddress
        /// `netip.ParseAddr` would fail on the same text.
        var hasLeadingZeros: Bool
    }

    typealias Bytes = UnsafeBufferPointer<UInt8>

    static let dot = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":")
    static let slash = UInt8(ascii: "/")
    static let zero = UInt8(ascii: "0")

    /// Go's `dtoi` and `xtoi` give up at this value ("bigger than we need, not too big to worry about overflow").
    static let big = 0xFF_FFFF

    static func parseCIDR(_ text: String) -> CIDR? {
        var text = text
        return text.withUTF8 { parseCIDR($0) }
    }

    static func parseIP(_ text: String) -> Address? {
        var text = text
        return text.withUTF8 { parseIP($0) }
    }

    /// Forked `ParseCIDR`: the address before the first `/` (IPv4 tried first, then IPv6), then a decimal prefix
    /// length that must use up the rest of the string and fit the family.
    static func parseCIDR(_ text: Bytes) -> CIDR? {
        guard let slashIndex = text.firstIndex(of: slash) else { return nil }
        let parsed: Address
        if let ipv4 = parseIPv4(text, 0, slashIndex) {
            parsed = ipv4
        } else if let ipv6 = parseIPv6(text, 0, slashIndex) {
            parsed = ipv6
        } else {
            return nil
        }
        let maskStart = slashIndex + 1
        guard let mask = decimal(text, maskStart, text.count), maskStart + mask.digits == text.count,
            mask.value <= parsed.address.bitLength
        else { return nil }
        let maskHasLeadingZero = mask.digits > 1 && text[maskStart] == zero
        return CIDR(
            address: parsed.address, prefixLength: mask.value,
            hasLeadingZeros: parsed.hasLeadingZeros || maskHasLeadingZero
        )
    }

    /// Forked `ParseIP`: the first `.` or `:` decides the family.
    static func parseIP(_ text: Bytes) -> Address? {
        for byte in text {
            if byte == dot { return parseIPv4(text, 0, text.count) }
            if byte == colon { return parseIPv6(text, 0, text.count) }
        }
        return nil
    }

    /// Forked `parseIPv4` on `text[start..<end]`: exactly four decimal parts, each at most 255, leading zeros
    /// allowed (the Go 1.17 check `c > 1 && s[0] == '0'` is commented out in the fork).
    static func parseIPv4(_ text: Bytes, _ start: Int, _ end: Int) -> Address? {
        var position = start
        var value: UInt32 = 0
        var hasLeadingZeros = false
        for part in 0..<4 {
            if position == end { return nil }
            if part > 0 {
                guard text[position] == dot else { return nil }
                position += 1
            }
            guard let octet = decimal(text, position, end), octet.value <= 0xFF else { return nil }
            if octet.digits > 1 && text[position] == zero { hasLeadingZeros = true }
            position += octet.digits
            value = value << 8 | UInt32(octet.value)
        }
        guard position == end else { return nil }
        return Address(address: IPAddress(ipv4: value), hasLeadingZeros: hasLeadingZeros)
    }

    /// Forked `parseIPv6` on `text[start..<end]` (RFC 4291 section 2.2): hex groups separated by `:`, at most one
    /// `::` standing for at least one zero group, an optional dotted IPv4 tail in the last 32 bits. No zones.
    static func parseIPv6(_ text: Bytes, _ start: Int, _ end: Int) -> Address? {
        // A stack buffer, laid out like Go's 16-byte `ip`, so the `::` expansion below can mirror Go line by line.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { ip -> Address? in
            ip.initialize(repeating: 0)
            var position = start
            var ellipsis = -1  // byte offset of the `::` in ip
            var hasLeadingZeros = false

            if end - position >= 2 && text[position] == colon && text[position + 1] == colon {
                ellipsis = 0
                position += 2
                if position == end { return Address(address: IPAddress(ipv6High: 0, low: 0), hasLeadingZeros: false) }
            }

            var i = 0
            while i < 16 {
                guard let field = hex(text, position, end), field.value <= 0xFFFF else { return nil }
                if field.digits > 4 { hasLeadingZeros = true }

                if position + field.digits < end && text[position + field.digits] == dot {
                    // Trailing IPv4: only in the last 32 bits, or anywhere after a `::`.
                    if ellipsis < 0 && i != 12 { return nil }
                    if i + 4 > 16 { return nil }
                    guard let ipv4 = parseIPv4(text, position, end) else { return nil }
                    if ipv4.hasLeadingZeros { hasLeadingZeros = true }
                    let value = UInt32(truncatingIfNeeded: ipv4.address.low)
                    ip[i] = UInt8(truncatingIfNeeded: value >> 24)
                    ip[i + 1] = UInt8(truncatingIfNeeded: value >> 16)
                    ip[i + 2] = UInt8(truncatingIfNeeded: value >> 8)
                    ip[i + 3] = UInt8(truncatingIfNeeded: value)
                    position = end
                    i += 4
                    break
                }

                ip[i] = UInt8(truncatingIfNeeded: field.value >> 8)
                ip[i + 1] = UInt8(truncatingIfNeeded: field.value)
                i += 2

                position += field.digits
                if position == end { break }

                // Otherwise a colon and more must follow.
                if text[position] != colon || position + 1 == end { return nil }
                position += 1

                if text[position] == colon {
                    if ellipsis >= 0 { return nil }  // a second `::`
                    ellipsis = i
                    position += 1
                    if position == end { break }  // `::` at the end
                }
            }

            guard position == end else { return nil }

            if i < 16 {
                guard ellipsis >= 0 else { return nil }
                let shift = 16 - i
                var j = i - 1
                while j >= ellipsis {
                    ip[j + shift] = ip[j]
                    j -= 1
                }
                j = ellipsis + shift - 1
                while j >= ellipsis {
                    ip[j] = 0
                    j -= 1
                }
            } else if ellipsis >= 0 {
                return nil  // the `::` must stand for at least one zero group
            }

            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<8 { high = high << 8 | UInt64(ip[index]) }
            for index in 8..<16 { low = low << 8 | UInt64(ip[index]) }
            return Address(address: IPAddress(ipv6High: high, low: low), hasLeadingZeros: hasLeadingZeros)
        }
    }

    /// Go's `dtoi`: decimal digits from `start`; nil when there are none or the value reaches `big`.
    static func decimal(_ text: Bytes, _ start: Int, _ end: Int) -> (value: Int, digits: Int)? {
        var value = 0
        var position = start
        while position < end && text[position] >= zero && text[position] <= UInt8(ascii: "9") {
            value = value * 10 + Int(text[position] - zero)
            if value >= big { return nil }
            position += 1
        }
        return position == start ? nil : (value, position - start)
    }

    /// Go's `xtoi`: hex digits (either case) from `start`; nil when there are none or the value reaches `big`.
    static func hex(_ text: Bytes, _ start: Int, _ end: Int) -> (value: Int, digits: Int)? {
        var value = 0
        var position = start
        while position < end {
            let byte = text[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return position == start ? nil : (value, position - start)
            }
            value = value * 16 + Int(digit)
            if value >= big { return nil }
            position += 1
        }
        return position == start ? nil : (value, position - start)
    }
}
