/// Go's `strconv.Quote`, which `field.Error` uses (`%q`) to print string values.
public enum GoQuote {
    public static func quote(_ string: String) -> String {
        // Printable ASCII other than the quote and the backslash stands for itself: most names and values.
        if string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            return "\"" + string + "\""
        }
        return escaped(string)
    }

    /// `quote` scalar by scalar, without the shortcut.
    static func escaped(_ string: String) -> String {
        var out = "\""
        out.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x80 {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if scalar.value < 0x10000 {
                    out += "\\u" + hex(scalar.value, width: 4)
                } else {
                    out += "\\U" + hex(scalar.value, width: 8)
                }
            }
        }
        out += "\""
        return out
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar.value >= 0x20 && scalar.value < 0x7F
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// JSON string literals as Go's `encoding/json` writes them (HTML-safe escapes included; `\b` and `\f` short
/// escapes since Go 1.22), for values rendered as compact JSON.
public enum JSONText {
    public static func quote(_ string: String) -> String {
        if isPlain(string) {
            return "\"" + string + "\""
        }
        return escaped(string)
    }

    /// `quote(string)`'s UTF-8 appended to `buffer`, without a String in between for the plain case: for the
    /// writers of compact JSON bytes (the admission answer, the log line, `connectivity list --output json`). The
    /// string's bytes are checked and copied in place, in one pass (`withUTF8` gives small strings contiguous
    /// storage too).
    public static func appendQuoted(_ string: String, to buffer: inout [UInt8]) {
        var string = string
        let plain = string.withUTF8 { bytes in
            guard bytes.allSatisfy(isPlain) else { return false }
            buffer.append(0x22)
            buffer.append(contentsOf: bytes)
            buffer.append(0x22)
            return true
        }
        if !plain { buffer += escaped(string).utf8 }
    }

    /// Printable ASCII other than the five characters `escaped` rewrites stands for itself: most values.
    static func isPlain(_ string: String) -> Bool {
        // A native string's bytes in place: the generic `allSatisfy` over `UTF8View` was 7% of a large JSON list.
        if let result = string.utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(isPlain) }) {
            return result
        }
        return string.utf8.allSatisfy(isPlain)
    }

    static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x22, 0x5C, 0x3C, 0x3E, 0x26: false  // " \ < > &
        default: byte >= 0x20 && byte < 0x7F
        }
    }

    /// `quote` scalar by scalar, without the shortcut.
    static func escaped(_ string: String) -> String {
        var out = "\""
        out.reserveCapacity(string.utf8.count + 2)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + GoQuote.hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
