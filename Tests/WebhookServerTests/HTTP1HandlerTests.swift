import Admission
import Logging
import Testing

@testable import WebhookServer

/// The HTTP/1.1 handler over plaintext bytes, without sockets.
struct HTTP1HandlerTests {
    func makeHandler() -> HTTP1Handler {
        var logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        let routes = WebhookRoutes(
            handler: AdmissionHandler(), metrics: ServerMetrics(), readiness: Readiness(), logger: logger)
        return HTTP1Handler(routes: routes, maxBodyBytes: 1 << 20)
    }

    static func responseCount(_ output: [UInt8]) -> Int {
        String(decoding: output, as: UTF8.self).components(separatedBy: "HTTP/1.1 200 OK\r\n").count - 1
    }

    /// Found by `make faults` (clients stop reading): 1 MiB of pipelined `GET /metrics` made one turn produce every
    /// answer at once, tens of MB per connection held for a client that read none of them. Each turn now stops
    /// after `maxOutputPerTurn`; the rest waits for the next turn, and every request is still answered, in order.
    @Test func pipelinedRequestsAreAnsweredInBoundedTurnsAndAllOfThem() {
        let handler = makeHandler()
        let count = 3_000
        let pipeline = Array(String(repeating: "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", count: count).utf8)
        var output: [UInt8] = []
        #expect(!handler.receive(pipeline[...], output: &output))
        #expect(handler.hasPendingWork)
        var answered = Self.responseCount(output)
        var turns = 1
        while handler.hasPendingWork && turns < count {
            #expect(output.count < HTTP1Handler.maxOutputPerTurn + 64 << 10)
            output.removeAll()
            #expect(!handler.receive([][...], output: &output))
            answered += Self.responseCount(output)
            turns += 1
        }
        #expect(answered == count)
        #expect(turns > 2)
        #expect(handler.isIdle)
    }
}
