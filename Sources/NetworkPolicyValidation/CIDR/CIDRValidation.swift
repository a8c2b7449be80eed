/// CIDR checks for `ipBlock.cidr` and `ipBlock.except`, mirroring `IsValidCIDRForLegacyField` and
/// `GetWarningsForCIDR` of k8s.io/apimachinery/pkg/util/validation/ip.go (Kubernetes v1.36), which parse with
/// `netutils.ParseCIDRSloppy` and judge strictness with `netip.ParsePrefix`.
public enum CIDRValidation {
    public static let invalidCIDRDetail = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
    public static let leadingZerosDetail = "must not have leading 0s in IP or prefix length"
    public static let ipv4MappedDetail = "must not have an IPv4-mapped IPv6 address"
    public static let hostBitsDetail = "must not have bits set beyond the prefix length"

    /// The errors for `value` at `path` (`Invalid value: "<value>": <detail>`); `strict` is the
    /// StrictIPCIDRValidation feature gate (on by default in 1.36). At most one error: `parseCIDR` in ip.go stops
    /// at an unparseable value, and its strict checks are an `if / else if` chain, so the first match wins.
    public static func validateLegacyCIDR(_ value: String, at path: @autoclosure () -> FieldPath, strict: Bool = true)
        -> [FieldError]
    {
        validateLegacyCIDR(value, parsed: SloppyIPParser.parseCIDR(value), at: path(), strict: strict)
    }

    /// `validateLegacyCIDR` given what `SloppyIPParser.parseCIDR(value)` returned, for callers that need the
    /// parse too.
    static func validateLegacyCIDR(
        _ value: String, parsed: SloppyIPParser.CIDR?, at path: @autoclosure () -> FieldPath, strict: Bool
    ) -> [FieldError] {
        guard let cidr = parsed else {
            return [.invalid(path(), .string(value), invalidCIDRDetail)]
        }
        guard strict, let detail = strictProblem(of: cidr) else { return [] }
        return [.invalid(path(), .string(value), detail)]
    }

    /// The detail of the strict-mode error for a value the sloppy parser accepted, if any.
    static func strictProblem(of cidr: SloppyIPParser.CIDR) -> String? {
        if cidr.hasLeadingZeros { return leadingZerosDetail }
        if cidr.address.isIPv4Mapped { return ipv4MappedDetail }
        if cidr.hasHostBits { return hostBitsDetail }
        return nil
    }

    /// The apiserver's CIDR warnings for `value` at `path`, fully rendered (`<path>: CIDR value ...`), in
    /// `GetWarningsForCIDR` order: ambiguous host bits, then non-standard form (leading zeros or IPv4-mapped),
    /// and only when neither applies, non-canonical IPv6. Empty for values the sloppy parser rejects (Go logs
    /// those and returns nil). `path` is made only for a value that draws a warning: most draw none.
    public static func warnings(for value: String, at path: @autoclosure () -> FieldPath) -> [String] {
        guard let cidr = SloppyIPParser.parseCIDR(value) else { return [] }
        return warnings(for: value, parsed: cidr, at: path())
    }

    /// `warnings(for:at:)` given what `SloppyIPParser.parseCIDR(value)` returned.
    static func warnings(for value: String, parsed cidr: SloppyIPParser.CIDR, at path: @autoclosure () -> FieldPath)
        -> [String]
    {
        let network = cidr.network
        var warnings: [String] = []
        lazy var field = path().description

        if cidr.hasHostBits {
            // Go prints the single-address form with the mask's full width: `ipnet.Mask.Size()` bits, so an
            // IPv4-mapped value gets "/128" after an IPv4 address.
            let singleAddress = "\(cidr.address)/\(cidr.address.bitLength)"
            warnings.append(
                "\(field): CIDR value \(GoQuote.quote(value)) is ambiguous in this context "
                    + "(should be \(GoQuote.quote(network.description)) or \(GoQuote.quote(singleAddress))?)"
            )
        }

        if cidr.hasLeadingZeros || cidr.address.isIPv4Mapped {
            // The suggestion is the re-stringified net.IPNet, host bits already cleared.
            warnings.append(
                "\(field): non-standard CIDR value \(GoQuote.quote(value)) \(nonStandardVerdict): "
                    + "use \(GoQuote.quote(network.description))"
            )
        }

        if warnings.isEmpty && cidr.address.family == .v6 {
            // netip's `Prefix.String()`; no host bits and no IPv4-mapped address at this point.
            if !cidr.address.isRFC5952(value, prefixLength: cidr.prefixLength) {
                let canonical = "\(cidr.address.rfc5952Description)/\(cidr.prefixLength)"
                warnings.append(
                    "\(field): IPv6 CIDR value \(GoQuote.quote(value)) should be in RFC 5952 canonical format "
                        + "(\(GoQuote.quote(canonical)))"
                )
            }
        }
        return warnings
    }

    /// KUBERNETES_RULES.md section 6 gives "is invalid" for 1.36. Every ip.go read upstream (up to the
    /// `validOldCIDRs` ratchet era) says "will be considered invalid in a future Kubernetes release"; the project
    /// document is authoritative here, so the difference is kept to this one constant.
    static let nonStandardVerdict = "is invalid"
}
