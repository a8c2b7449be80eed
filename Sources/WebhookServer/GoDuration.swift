/// A duration in Go's `time.Duration` text form, as kube-apiserver writes the `timeout` query parameter of a
/// webhook call (`10s`, `1m30s`, `1.5s`, `500ms`): one or more decimal numbers, each with a unit (`h`, `m`, `s`,
/// `ms`, `us`, `µs`, `ns`). Mirrors Go's `time.ParseDuration`, without the sign.
enum GoDuration {
    static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return .zero }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unit.count)
            guard let scale = Self.nanoseconds[String(unit)] else { return nil }
            total += value * scale
        }
        return .nanoseconds(Int64(total.rounded()))
    }

    private static let nanoseconds: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]
}
