import Foundation

/// Types plain YAML scalars the way go-yaml v2's `resolve` does (the YAML 1.1 rules sigs.k8s.io/yaml, and so
/// kubectl, applies before converting to JSON): `80` is an integer, `"80"` a string, `yes` and `on` are `true`,
/// `~` is null, `0x1F` and `017` are integers, `1e3` a float. Quoted, literal and folded scalars are never
/// resolved: they are strings.
enum ScalarResolver {
    static func resolvePlain(_ text: String) -> YAMLNode.Value {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return word(text) ?? .string(text)
        case UInt8(ascii: "."):
            if let value = word(text) { return value }
            if isYAMLFloat(text), let double = Double(text) { return .float(double) }
            return .string(text)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let value = word(text) { return value }
            return number(text) ?? .string(text)
        default:
            return .string(text)
        }
    }

    /// go-yaml v2's `resolveMap`.
    private static func word(_ text: String) -> YAMLNode.Value? {
        guard text.utf8.count <= 5 else { return nil }  // The longest words: `false`, `+.inf`.
        let key = packed(text)
        // A scan of 39 integers: hashing the scalar for a dictionary cost several times more.
        for index in words.indices where words[index].key == key { return words[index].value }
        return nil
    }

    /// Up to 7 bytes and their count in one integer.
    private static func packed(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes in bytes.reduce(UInt64(bytes.count) << 56) { $0 << 8 | UInt64($1) } }
    }

    private static let words: [(key: UInt64, value: YAMLNode.Value)] = {
        var words: [(key: UInt64, value: YAMLNode.Value)] = []
        for word in ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"] {
            words.append((packed(word), .bool(true)))
        }
        for word in ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"] {
            words.append((packed(word), .bool(false)))
        }
        for word in ["~", "null", "Null", "NULL"] { words.append((packed(word), .null)) }
        for word in [".nan", ".NaN", ".NAN"] { words.append((packed(word), .float(.nan))) }
        for word in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] {
            words.append((packed(word), .float(.infinity)))
        }
        for word in ["-.inf", "-.Inf", "-.INF"] { words.append((packed(word), .float(-.infinity))) }
        return words
    }()

    /// The `'D'`/`'S'` branch: underscores dropped, then `strconv.ParseInt(s, 0, 64)`, `ParseUint`, then a
    /// YAML-style float. (Timestamps also live in this branch, but go-yaml hands them back as the original
    /// string, which is what falling through yields.)
    private static func number(_ text: String) -> YAMLNode.Value? {
        var text = text
        let hasUnderscore = text.withUTF8 { $0.contains(UInt8(ascii: "_")) }
        let plain = hasUnderscore ? text.replacingOccurrences(of: "_", with: "") : text
        if let (negative, magnitude) = parseGoInteger(plain) {
            if negative {
                if magnitude <= UInt64(Int64.max) { return .integer(-Int64(magnitude)) }
                if magnitude == UInt64(Int64.max) + 1 { return .integer(Int64.min) }
            } else if magnitude <= UInt64(Int64.max) {
                return .integer(Int64(magnitude))
            } else if plain.utf8.first != UInt8(ascii: "+") {
                return .unsignedInteger(magnitude)
            }
        }
        if isYAMLFloat(plain), let double = Double(plain) { return .float(double) }
        return nil
    }

    /// `strconv.ParseUint` with base 0 and an optional sign: `0x`, `0o`, `0b` prefixes and a leading `0` for
    /// octal. Nil on a syntax error or when the magnitude does not fit in 64 bits.
    static func parseGoInteger(_ text: String) -> (negative: Bool, magnitude: UInt64)? {
        // Over the UTF-8 buffer: stepping `Substring.UTF8View` indices cost several times the parse itself.
        var text = text
        return text.withUTF8 { parseGoInteger($0) }
    }

    private static func parseGoInteger(_ bytes: UnsafeBufferPointer<UInt8>) -> (negative: Bool, magnitude: UInt64)? {
        var i = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var base: UInt64 = 10
        if bytes.count - i >= 2, bytes[i] == UInt8(ascii: "0") {
            switch bytes[i + 1] | 0x20 {
            case UInt8(ascii: "x"):
                base = 16
                i += 2
            case UInt8(ascii: "o"):
                base = 8
                i += 2
            case UInt8(ascii: "b"):
                base = 2
                i += 2
            default:
                base = 8
                i += 1
            }
        }
        guard i < bytes.count else { return nil }
        var magnitude: UInt64 = 0
        while i < bytes.count {
            let byte = bytes[i]
            let digit: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt64(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt64(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            guard digit < base else { return nil }
            let (product, overflow1) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = product.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            i += 1
        }
        return (negative, magnitude)
    }

    /// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLFloat(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isYAMLFloat($0) }
    }

    private static func isYAMLFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                _ = digits()
            }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == bytes.count
    }
}
