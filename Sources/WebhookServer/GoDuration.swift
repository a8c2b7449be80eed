/// A duration in Go's `time.Duration` text form, as kube-apiserver writes the `timeout` query parameter of a
/// webhook call (`10s`, `1m30s`, `1.5s`, `500ms`): one or more decimal numbers, each with a unit (`h`, `m`, `s`,
/// `ms`, `us`, `µs`, `ns`). Mirrors Go's `time.ParseDuration`, without the sign. Read byte by byte: it runs for
/// every review.
enum GoDuration {
    static func parse(_ text: String) -> Duration? {
        var bytes = Substring(text).utf8[...]
        guard !bytes.isEmpty else { return nil }
        if bytes.elementsEqual("0".utf8) { return .zero }
        var total = 0.0
        while !bytes.isEmpty {
            var value = 0.0
            var digits = 0
            var scale = 1.0
            var seenPoint = false
            while let byte = bytes.first {
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    if seenPoint {
                        scale /= 10
                        value += Double(byte - UInt8(ascii: "0")) * scale
                    } else {
                        value = value * 10 + Double(byte - UInt8(ascii: "0"))
                    }
                    digits += 1
                } else if byte == UInt8(ascii: "."), !seenPoint {
                    seenPoint = true
                } else {
                    break
                }
                bytes.removeFirst()
            }
            guard digits > 0 else { return nil }
            let unitEnd = bytes.firstIndex {
                ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".")
            }
            guard let nanoseconds = Self.nanoseconds(of: bytes[..<(unitEnd ?? bytes.endIndex)]) else { return nil }
            total += value * nanoseconds
            bytes = bytes[(unitEnd ?? bytes.endIndex)...]
        }
        return .nanoseconds(Int64(total.rounded()))
    }

    private static func nanoseconds(of unit: Substring.UTF8View.SubSequence) -> Double? {
        for (name, value) in units where unit.elementsEqual(name.utf8) { return value }
        return nil
    }

    private static let units: [(String, Double)] = [
        ("s", 1e9), ("ms", 1e6), ("m", 60e9), ("h", 3600e9), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ns", 1),
    ]
}
