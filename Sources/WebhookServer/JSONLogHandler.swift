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
        var line = Self.lineStart(level: event.level, message: event.message.description)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: ","))
            JSONText.appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.render(value, into: &line)
        }
        Self.append("}\n", to: &line)
        sink.write(bytes: line)
    }

    /// Writes `record`'s line: the line `log(event:)` writes for its metadata, without building that dictionary,
    /// merging and sorting it (about two thirds of the review line's cost). Only for a handler without metadata of
    /// its own (`Logger.log(level:_:record:)` checks).
    func log(level: Logger.Level, message: String, record: some JSONLogRecord) {
        var line = Self.lineStart(level: level, message: message)
        record.appendFields(into: &line)
        Self.append("}\n", to: &line)
        sink.write(bytes: line)
    }

    /// `{"time":"...","level":"...","msg":"..."` in one byte buffer, every later piece written into it: a String per
    /// rendered value or quoted key (and `Array.append(contentsOf: String.utf8)`, which copies a small string byte by
    /// byte) cost about two thirds of the ~44,000 instructions the review line took.
    static func lineStart(level: Logger.Level, message: String) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(512)
        append("{\"time\":\"", to: &line)
        append(timestamp(), to: &line)
        append("\",\"level\":\"", to: &line)
        append(level.rawValue, to: &line)
        append("\",\"msg\":", to: &line)
        JSONText.appendQuoted(message, to: &line)
        return line
    }

    static func render(_ value: Logger.MetadataValue) -> String {
        var bytes: [UInt8] = []
        render(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value` as JSON.
    static func render(_ value: Logger.MetadataValue, into line: inout [UInt8]) {
        switch value {
        case .string(let string):
            // Numbers and booleans logged through `.stringConvertible` stay JSON numbers and booleans.
            JSONText.appendQuoted(string, to: &line)
        case .stringConvertible(let convertible):
            render(convertible, into: &line)
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                render(element, into: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            line.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONText.appendQuoted(key, to: &line)
                line.append(UInt8(ascii: ":"))
                render(dictionary[key]!, into: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    /// Appends a `.stringConvertible` value: a JSON number or boolean for the types the server logs, otherwise
    /// its quoted description. The value's type is compared before any cast: `as? Int` and friends go through
    /// `swift_dynamicCast`, about 1,000 instructions each, a failed one as much (and a cast to `any BinaryInteger`
    /// searches the conformance tables, ~9,000), several per review line.
    static func render<Value: CustomStringConvertible>(_ value: Value, into line: inout [UInt8]) {
        if Value.self == Int.self {
            append(String(unsafeBitCast(value, to: Int.self)), to: &line)
        } else if Value.self == Double.self {
            let number = unsafeBitCast(value, to: Double.self)
            if number.isFinite { append("\(number)", to: &line) } else { JSONText.appendQuoted("\(number)", to: &line) }
        } else if Value.self == Bool.self {
            append(unsafeBitCast(value, to: Bool.self) ? "true" : "false", to: &line)
        } else if let number = value as? any BinaryInteger {
            append("\(number)", to: &line)
        } else {
            JSONText.appendQuoted(value.description, to: &line)
        }
    }

    /// Appends the UTF-8 of `text` in one copy (`withUTF8` gives small strings contiguous storage too).
    static func append(_ text: String, to line: inout [UInt8]) {
        var text = text
        text.withUTF8 { line.append(contentsOf: $0) }
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

/// A log line whose fields are fixed where it is written, such as the line `serve` writes per review. Through a
/// `JSONLogHandler` it is rendered straight into the line's bytes; any other handler gets `metadata`.
public protocol JSONLogRecord {
    /// Calls `body` with every field, keys in ascending order (the order `JSONLogHandler` writes metadata in).
    func forEachField(_ body: (_ key: StaticString, _ value: JSONLogField) -> Void)
}

/// A value of a `JSONLogRecord`'s field.
public enum JSONLogField {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    /// As swift-log metadata: numbers and booleans as `.stringConvertible`, which `JSONLogHandler` writes as JSON
    /// numbers and booleans.
    var metadataValue: Logger.MetadataValue {
        switch self {
        case .string(let text): .string(text)
        case .int(let number): .stringConvertible(number)
        case .double(let number): .stringConvertible(number)
        case .bool(let flag): .stringConvertible(flag)
        }
    }
}

extension JSONLogRecord {
    /// The fields as swift-log metadata, for handlers other than `JSONLogHandler`.
    var metadata: Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        forEachField { key, value in metadata["\(key)"] = value.metadataValue }
        return metadata
    }

    /// Appends `,"key":value` for every field, rendered as `JSONLogHandler` renders `metadata`, so that the line is
    /// the same either way.
    func appendFields(into line: inout [UInt8]) {
        forEachField { key, value in
            line.append(UInt8(ascii: ","))
            line.append(UInt8(ascii: "\""))
            key.withUTF8Buffer { line.append(contentsOf: $0) }
            line.append(UInt8(ascii: "\""))
            line.append(UInt8(ascii: ":"))
            switch value {
            case .string(let text): JSONText.appendQuoted(text, to: &line)
            case .int(let number): JSONLogHandler.render(number, into: &line)
            case .double(let number): JSONLogHandler.render(number, into: &line)
            case .bool(let flag): JSONLogHandler.render(flag, into: &line)
            }
        }
    }
}

extension Logger {
    /// Logs `record` at `level` with `message`: straight into the line's bytes when the handler is a
    /// `JSONLogHandler` with no metadata of its own and no metadata provider is set, as swift-log metadata otherwise.
    public func log(level: Logger.Level, _ message: String, record: some JSONLogRecord) {
        guard logLevel <= level else { return }
        if metadataProvider == nil, let handler = handler as? JSONLogHandler, handler.metadata.isEmpty {
            handler.log(level: level, message: message, record: record)
        } else {
            log(level: level, "\(message)", metadata: record.metadata)
        }
    }
}
