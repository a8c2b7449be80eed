import NetworkPolicyValidation

/// A CIDR string as the apiserver's sloppy parser reads it, with what the form checks need: the address as
/// written (host bits kept), the network, and the canonical spelling.
struct CIDRText: Hashable, Sendable {
    var text: String
    /// The address before the `/`, host bits kept.
    var address: IPAddress
    var prefixLength: Int
    /// The network with host bits cleared, IPv4-mapped networks unwrapped to IPv4 (so `::ffff:10.0.0.0/104` and
    /// `10.0.0.0/8` compare equal).
    var network: IPNetwork
    /// Leading zeros in an octet, group or the prefix length.
    var hasLeadingZeros: Bool

    /// Nil when the apiserver's parser rejects `text` (its own error covers that).
    init?(_ text: String) {
        self.init(text, parsed: IPNetwork.parseSloppyAddress(text))
    }

    /// `init(_:)` given what `IPNetwork.parseSloppyAddress(text)` returned.
    init?(_ text: String, parsed: (address: IPAddress, prefixLength: Int, hasLeadingZeros: Bool)?) {
        guard let parsed else { return nil }
        self.text = text
        self.address = parsed.address
        self.prefixLength = parsed.prefixLength
        self.hasLeadingZeros = parsed.hasLeadingZeros
        self.network = Self.network(of: parsed.address, prefixLength: parsed.prefixLength)
    }

    var hasHostBits: Bool {
        address != address.masked(toPrefixLength: prefixLength)
    }

    /// True when the address is an IPv4-mapped IPv6 address with a prefix that fits an IPv4 network.
    private var isMappedIPv4Network: Bool {
        address.isIPv4Mapped && prefixLength >= 96
    }

    /// True when `text` is spelled as `canonical`. The sloppy parser reads IPv4 as four decimal octets and a
    /// decimal prefix length and nothing else, so IPv4 text is canonical unless it has leading zeros; only IPv6 is
    /// compared, byte by byte without making the canonical string (the text parsed, so it is ASCII).
    var isCanonical: Bool {
        if address.family == .v4 { return !hasLeadingZeros }
        if isMappedIPv4Network { return canonical == text }
        return address.isRFC5952(text, prefixLength: prefixLength)
    }

    /// The spelling without leading zeros, IPv4-mapped IPv6 as IPv4, IPv6 in RFC 5952 form; host bits kept.
    var canonical: String {
        if isMappedIPv4Network, let ipv4 = address.asIPv4 { return "\(ipv4)/\(prefixLength - 96)" }
        return "\(address.rfc5952Description)/\(prefixLength)"
    }

    /// The host-bits readings: the whole network, or the one address, both canonical.
    var networkReading: String {
        let masked = address.masked(toPrefixLength: prefixLength)
        if isMappedIPv4Network, let ipv4 = masked.asIPv4 { return "\(ipv4)/\(prefixLength - 96)" }
        return "\(masked.rfc5952Description)/\(prefixLength)"
    }

    var addressReading: String {
        if isMappedIPv4Network, let ipv4 = address.asIPv4 { return "\(ipv4)/32" }
        return "\(address.rfc5952Description)/\(address.bitLength)"
    }

    /// The network of `address` with host bits cleared, unwrapped.
    static func network(of address: IPAddress, prefixLength: Int) -> IPNetwork {
        unwrapped(IPNetwork(address: address.masked(toPrefixLength: prefixLength), prefixLength: prefixLength))
    }

    /// `IPv4-mapped` networks as IPv4, so prefix lengths compare within one family.
    static func unwrapped(_ network: IPNetwork) -> IPNetwork {
        if network.address.isIPv4Mapped, network.prefixLength >= 96, let ipv4 = network.address.asIPv4 {
            return IPNetwork(address: ipv4, prefixLength: network.prefixLength - 96)
        }
        return network
    }
}

extension IPNetwork {
    /// True when every address of `other` is in this network (same family, prefix not longer). Both networks
    /// must have host bits cleared and IPv4-mapped networks unwrapped (`CIDRText.unwrapped`).
    func covers(_ other: IPNetwork) -> Bool {
        address.family == other.address.family && prefixLength <= other.prefixLength && contains(other.address)
    }

    /// True when the networks share at least one address.
    func overlaps(_ other: IPNetwork) -> Bool {
        covers(other) || other.covers(self)
    }
}
