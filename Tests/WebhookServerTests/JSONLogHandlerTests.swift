import Foundation
import Logging
import Testing

@testable import WebhookServer

/// Metadata values as they appear in the JSON log line: numbers and booleans stay JSON numbers and booleans,
/// everything else is a quoted string.
struct JSONLogHandlerTests {
    struct Name: CustomStringConvertible, Sendable {
        var description: String { "a \"name\"" }
    }

    @Test(arguments: [
        (Logger.MetadataValue.stringConvertible(42), "42"),
        (.stringConvertible(-7 as Int64), "-7"),
        (.stringConvertible(200 as UInt8), "200"),
        (.stringConvertible(0.125), "0.125"),
        (.stringConvertible(Double.infinity), "\"inf\""),
        (.stringConvertible(true), "true"),
        (.stringConvertible(Name()), #""a \"name\"""#),
        (.string("tab\there"), #""tab\there""#),
        (.string("plain text"), #""plain text""#),
        (.string("a<b>&\"c\"\\"), #""a\u003cb\u003e\u0026\"c\"\\""#),
        (.string("caf\u{e9}\u{2028}"), "\"caf\u{e9}\\u2028\""),
        (.array([.string("a"), .stringConvertible(1)]), #"["a",1]"#),
        (.dictionary(["b": .stringConvertible(false), "a": .string("x")]), #"{"a":"x","b":false}"#),
    ])
    func rendersValues(_ value: Logger.MetadataValue, _ expected: String) {
        #expect(JSONLogHandler.render(value) == expected)
    }

    /// A record logged through a `JSONLogHandler` is written straight into bytes; the line must be the one the
    /// handler writes for the record's metadata, through the generic path, field for field.
    @Test(arguments: [
        ReviewLogRecord(
            uid: "4b1d", operation: "CREATE", kind: "NetworkPolicy", namespace: "shop", name: "checkout",
            verdict: "denied", errors: 3, warnings: 1, dryRun: true, protocolName: "h2", durationMilliseconds: 0.187),
        ReviewLogRecord(
            uid: "a\"b\\c<d>", operation: "UPDATE", kind: "Kind\u{e9}", namespace: "", name: "tab\there",
            verdict: "allowed", errors: 0, warnings: 0, dryRun: false, protocolName: "HTTP/1.1",
            durationMilliseconds: 12),
    ])
    func recordLineIsTheMetadataLine(_ record: ReviewLogRecord) throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = LogSink(fileDescriptor: fds[1])
        var logger = Logger(label: "test") { _ in JSONLogHandler(label: "test", sink: sink) }
        logger.logLevel = .info
        logger.log(level: .info, "review", record: record)
        logger.info("review", metadata: record.metadata)
        logger.log(level: .debug, "not written", record: record)
        #expect(sink.flush(timeout: .seconds(30)))
        close(fds[1])
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while case let count = read(fds[0], &chunk, chunk.count), count > 0 { bytes += chunk[..<count] }
        // Each line without its timestamp, which differs between the two.
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { line in
            line.replacing(#/"time":"[^"]*"/#, with: "")
        }
        try #require(lines.count == 2)
        #expect(lines[0] == lines[1])
        #expect(lines[0].contains(#""msg":"review","dry_run":"#))
    }
}
