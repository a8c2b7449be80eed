import Foundation

/// Numbers printed the way Go's encoding/json prints a float64 (integral values without a fraction, `1e+21`
/// and up in exponent form), so JSON text and `cannot unmarshal number <n>` messages match the apiserver's.
enum GoNumber {
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e21 {
            if abs(value) < 9.2e18 { return String(Int64(value)) }
            var text = String(value)  // Swift prints 1e+20 as "1e+20"; Go prints all digits below 1e21.
            if let e = text.firstIndex(of: "e") {
                let exponent = Int(text[text.index(after: e)...]) ?? 0
                var mantissa = String(text[..<e]).replacingOccurrences(of: ".", with: "")
                let negative = mantissa.hasPrefix("-")
                if negative { mantissa.removeFirst() }
                let digitsAfterPoint = String(text[..<e]).split(separator: ".").dropFirst().first?.count ?? 0
                mantissa += String(repeating: "0", count: max(0, exponent - digitsAfterPoint))
                text = (negative ? "-" : "") + mantissa
            }
            return text
        }
        var text = String(value)
        // Go writes exponents with at least two digits and an explicit sign: 1e-07, 1e+21.
        if let e = text.firstIndex(of: "e") {
            var exponent = String(text[text.index(after: e)...])
            var sign = "+"
            if exponent.hasPrefix("-") || exponent.hasPrefix("+") {
                sign = String(exponent.removeFirst())
            }
            if exponent.count < 2 { exponent = "0" + exponent }
            text = String(text[..<e]) + "e" + sign + exponent
        }
        return text
    }
}
