import Foundation
import Logging
import NetworkPolicyValidation

/// A swift-log handler that writes one JSON object per line to standard output:
/// `{"time":"...","level":"info","msg":"review",...metadata sorted by key}`. One `write` per line, so lines from
/// several loop threads never interleave.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        var line = "{\"time\":\"" + Self.timestamp() + "\",\"level\":\"" + event.level.rawValue + "\",\"msg\":"
        line += Self.quote(event.message.description)
        for key in merged.keys.sorted() {
            line += "," + Self.quote(key) + ":" + Self.render(merged[key]!)
        }
        line += "}\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // stdout is gone; a log line is not worth blocking or crashing for
                }
            }
        }
    }

    static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let string):
            // Numbers and booleans logged through `.stringConvertible` stay JSON numbers and booleans.
            return quote(string)
        case .stringConvertible(let convertible):
            if let number = convertible as? any BinaryInteger { return "\(number)" }
            if let number = convertible as? Double { return number.isFinite ? "\(number)" : quote("\(number)") }
            if let flag = convertible as? Bool { return flag ? "true" : "false" }
            return quote(convertible.description)
        case .array(let values):
            return "[" + values.map(render).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            return "{" + dictionary.keys.sorted().map { quote($0) + ":" + render(dictionary[$0]!) }.joined(separator: ",")
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
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec, spec.tv_nsec / 1_000_000)
    }
}
