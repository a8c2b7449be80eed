/// CIDR checks for `ipBlock.cidr` and `ipBlock.except`, mirroring `apivalidation.IsValidCIDRForLegacyField`,
/// `netutils.ParseCIDRSloppy` and `validation.GetWarningsForCIDR` of Kubernetes v1.36.
public enum CIDRValidation {
    /// The errors for `value` at `path` (`Invalid value: "<value>": <detail>`); `strict` is the
    /// StrictIPCIDRValidation feature gate (on by default in 1.36).
    public static func validateLegacyCIDR(_ value: String, at path: FieldPath, strict: Bool = true) -> [FieldError] {
        []
    }

    /// The apiserver's CIDR warnings for `value` at `path`, fully rendered (`<path>: CIDR value ...`).
    public static func warnings(for value: String, at path: FieldPath) -> [String] {
        []
    }
}

/// An IP network as Go's `net.IPNet` from `ParseCIDRSloppy`: the address with host bits cleared and the prefix
/// length.
public struct IPNetwork: Hashable, Sendable {
    public var address: IPAddress
    public var prefixLength: Int

    /// `netutils.ParseCIDRSloppy`: nil when the apiserver's parser would fail.
    public static func parseSloppy(_ text: String) -> IPNetwork? {
        nil
    }

    /// `net.IPNet.Contains`.
    public func contains(_ address: IPAddress) -> Bool {
        false
    }
}

/// An IPv4 or IPv6 address.
public struct IPAddress: Hashable, Sendable {
    public enum Family: Sendable { case v4, v6 }
    public var family: Family
    /// 4 bytes for IPv4, 16 for IPv6.
    public var bytes: [UInt8]

    public init(family: Family, bytes: [UInt8]) {
        self.family = family
        self.bytes = bytes
    }
}
