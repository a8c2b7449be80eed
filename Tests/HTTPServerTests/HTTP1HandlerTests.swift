import Testing

@testable import HTTPServer

/// The HTTP/1.1 handler over plaintext bytes, without sockets.
struct HTTP1HandlerTests {
    let events = RecordedEvents()

    func makeHandler() -> HTTP1Handler {
        HTTP1Handler(responder: EchoResponder(), limits: TransportLimits(maxBodyBytes: 1 << 20), events: events)
    }

    static func responseCount(_ output: [UInt8]) -> Int {
        String(decoding: output, as: UTF8.self).components(separatedBy: "HTTP/1.1 200 OK\r\n").count - 1
    }

    /// Found by `make faults` (clients stop reading): 1 MiB of pipelined `GET /metrics` made one turn produce every
    /// answer at once, tens of MB per connection held for a client that read none of them. Each turn now stops
    /// after `maxOutputPerTurn`; the rest waits for the next turn, and every request is still answered, in order.
    @Test func pipelinedRequestsAreAnsweredInBoundedTurnsAndAllOfThem() {
        let handler = makeHandler()
        let count = 30_000
        let pipeline = Array(String(repeating: "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n", count: count).utf8)
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
        #expect(events.record.withLock { $0.statuses } == ["http/1.1 200": count])
    }

    /// Draining: the pipelined requests already received are all answered, only the last says `Connection: close`;
    /// an idle connection stays open until the drain window ends.
    @Test func drainAnswersEveryPipelinedRequestAndClosesAfterTheLast() {
        let handler = makeHandler()
        var output: [UInt8] = []
        #expect(!handler.beginDrain(output: &output))
        #expect(output.isEmpty)
        let pipeline = Array(String(repeating: "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n", count: 3).utf8)
        #expect(handler.receive(pipeline[...], output: &output))
        let text = String(decoding: output, as: UTF8.self)
        #expect(Self.responseCount(output) == 3)
        #expect(text.components(separatedBy: "Connection: close\r\n").count - 1 == 1)
        #expect(text.hasSuffix("hello\n"))
    }

    @Test func drainWindowEndClosesOnlyAnIdleConnection() {
        let idle = makeHandler()
        var output: [UInt8] = []
        #expect(!idle.beginDrain(output: &output))
        #expect(idle.endDrainWindow(output: &output))
        #expect(output.isEmpty)

        let busy = makeHandler()
        #expect(!busy.beginDrain(output: &output))
        let head = Array("POST /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab".utf8)
        #expect(!busy.receive(head[...], output: &output))
        #expect(!busy.endDrainWindow(output: &output))
        #expect(busy.receive(Array("cd".utf8)[...], output: &output))
        let text = String(decoding: output, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n") && text.contains("Connection: close\r\n"), "\(text)")
        #expect(text.hasSuffix("hello\nabcd"))
    }

    /// The handler owns its deadlines: a request that takes too long to arrive gets a 408 and the connection
    /// closes; an idle one closes after the idle timeout; both counted through the events.
    @Test func deadlines() {
        let limits = TransportLimits(requestTimeoutSeconds: 30, idleTimeoutSeconds: 90)
        let start = ContinuousClock.now
        let handler = HTTP1Handler(responder: EchoResponder(), limits: limits, events: events)
        var output: [UInt8] = []
        #expect(handler.checkDeadlines(now: start + .seconds(89), lastActivity: start, output: &output) == .none)
        #expect(handler.checkDeadlines(now: start + .seconds(91), lastActivity: start, output: &output) == .close)
        #expect(output.isEmpty)

        let slow = HTTP1Handler(responder: EchoResponder(), limits: limits, events: events)
        #expect(!slow.receive(Array("GET /hel".utf8)[...], output: &output))
        let began = ContinuousClock.now
        #expect(slow.checkDeadlines(now: began + .seconds(29), lastActivity: began, output: &output) == .none)
        #expect(slow.checkDeadlines(now: began + .seconds(31), lastActivity: began, output: &output) == .close)
        #expect(String(decoding: output, as: UTF8.self).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(events.record.withLock { $0.statuses } == ["http/1.1 408": 1])
    }
}

extension HTTP1HandlerTests {
    /// Found by reading for the fuzz target's property: a connection closing after a 400 whose client did not read
    /// it still had `requestStartedAt` set, and the sweep appended a 408 after the close.
    @Test func noDeadlineAnswerAfterTheHandlerAskedToClose() {
        let handler = makeHandler()
        var output: [UInt8] = []
        #expect(handler.receive(Array("BAD\u{1} / HTTP/1.1\r\n\r\n".utf8)[...], output: &output))
        output.removeAll()
        let now = ContinuousClock.now
        #expect(handler.checkDeadlines(now: now + .seconds(3600), lastActivity: now, output: &output) == .close)
        #expect(output.isEmpty)
    }
}

extension HTTP1HandlerTests {
    /// Found by FuzzConnection: after the idle deadline closed the connection, a request arriving during the
    /// close was still answered, after the TLS close_notify.
    @Test func nothingAnsweredAfterTheIdleDeadline() {
        let handler = makeHandler()
        var output: [UInt8] = []
        let now = ContinuousClock.now
        #expect(handler.checkDeadlines(now: now + .seconds(3600), lastActivity: now, output: &output) == .close)
        #expect(handler.receive(Array(ConnectionTests.hello.utf8)[...], output: &output))
        #expect(output.isEmpty)
    }
}

extension HTTP1HandlerTests {
    /// Bodies are taken from the handler's buffer by index (whole, or through the body decoder when they arrive
    /// in pieces): pipelined requests with Content-Length and chunked bodies, split at every byte, get the same
    /// answers as when received whole.
    @Test func pipelinedBodiesSplitAtEveryByteGetTheSameAnswers() {
        let requests =
            "POST /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nfirst"
            + "POST /hello HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nsec\r\n3\r\nond\r\n0\r\n\r\n"
            + "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /hello HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nthird"
        let bytes = Array(requests.utf8)
        func answers(splitAt split: Int) -> String {
            let handler = makeHandler()
            var output: [UInt8] = []
            #expect(!handler.receive(bytes[..<split], output: &output))
            #expect(!handler.receive(bytes[split...], output: &output))
            #expect(handler.isIdle)
            return String(decoding: output, as: UTF8.self).replacing(/Date: [^\r]*\r\n/, with: "")
        }
        let whole = answers(splitAt: bytes.count)
        #expect(Self.responseCount(Array(whole.utf8)) == 4)
        #expect(whole.contains("hello\nfirst") && whole.contains("hello\nsecond") && whole.hasSuffix("hello\nthird"))
        for split in 0..<bytes.count {
            #expect(answers(splitAt: split) == whole, "split at \(split)")
        }
    }
}
