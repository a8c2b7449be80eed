/// The apiserver's limits on warnings (`k8s.io/apiserver/pkg/warning` and the warning recorder of
/// `endpoints/filters`): no control characters, each at most 256 characters, 4096 in all, repeats dropped.
public enum WarningLimits {
    public static let maxWarningCharacters = 256
    public static let maxTotalCharacters = 4096

    /// `warnings` made safe for a `Warning` header: control characters become spaces, each text is cut to 256
    /// characters, repeats are dropped, and texts stop once 4096 characters are used.
    public static func apply(_ warnings: [String]) -> [String] {
        var seen = Set<String>()
        var kept: [String] = []
        var total = 0
        for warning in warnings {
            var text = String(
                String.UnicodeScalarView(
                    warning.unicodeScalars.map { isControl($0) ? " " : $0 }))
            // Go counts runes (Unicode scalars), not grapheme clusters.
            var length = text.unicodeScalars.count
            if length > maxWarningCharacters {
                text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxWarningCharacters)))
                length = maxWarningCharacters
            }
            guard !text.isEmpty, seen.insert(text).inserted else { continue }
            guard total + length <= maxTotalCharacters else { break }
            total += length
            kept.append(text)
        }
        return kept
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }
}
