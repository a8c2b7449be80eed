import Foundation
import Logging
import NetworkPolicyValidation

/// A swift-log handler that writes one JSON object per line to standard output:
/// `{"time":"...","level":"info","msg":"review",...metadata sorted by key}`. Whole lines go to a `LogSink`, so lines
/// from several loop threads never interleave and a slow reader never blocks a loop.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let sink: LogSink

    public init(label: String, level: Logger.Level = .info, sink: LogSink = .standardOutput) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = event.metadata ?? [:]
        if !metadata.isEmpty {
            merged.merge(metadata) { event, _ in event }
        }
        // One byte buffer for the line: concatenating strings allocated an intermediate per piece, and appending
        // to a String costs several times more per piece than appending bytes.
        var line: [UInt8] = []
        line.reserveCapacity(512)
        func append(_ text: String) { line.append(contentsOf: text.utf8) }
        append("{\"time\":\"")
        append(Self.timestamp())
        append("\",\"level\":\"")
        append(event.level.rawValue)
        append("\",\"msg\":")
        append(Self.quote(event.message.description))
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            append(",")
            append(Self.quote(key))
            append(":")
            append(Self.render(value))
        }
        append("}\n")
        sink.write(bytes: line)
    }

    static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string):
            // Numbers and booleans logged through `.stringConvertible` stay JSON numbers and booleans.
            return quote(string)
        case .stringConvertible(let convertible):
            // Concrete casts first, every type the server logs among them: a cast to `any BinaryInteger` searches
            // the conformance tables (a failed one, for a Double or a Bool, cost ~9,000 instructions per value).
            if let number = convertible as? Int { return String(number) }
            if let number = convertible as? Double { return number.isFinite ? "\(number)" : quote("\(number)") }
            if let flag = convertible as? Bool { return flag ? "true" : "false" }
            if let number = convertible as? any BinaryInteger { return "\(number)" }
            return quote(convertible.description)
        case .array(let values):
            return "[" + values.map(render).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            return "{"
                + dictionary.keys.sorted().map { quote($0) + ":" + render(dictionary[$0]!) }.joined(separator: ",")
                + "}"
        }
    }

    /// JSON string literal; the same escaping the admission responses use.
    static func quote(_ text: String) -> String {
        JSONText.quote(text)
    }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // Digits by hand: String(format:) goes through Foundation's formatter on every line.
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var value = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                value %= divisor
                divisor /= 10
            }
        }
        digits(Int(parts.tm_year) + 1900, 4)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        text.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        text.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        text.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        text.append(UInt8(ascii: "."))
        digits(spec.tv_nsec / 1_000_000, 3)
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }
}
