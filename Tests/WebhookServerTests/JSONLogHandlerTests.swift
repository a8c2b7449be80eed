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
}
