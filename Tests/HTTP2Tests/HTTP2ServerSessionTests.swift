import CNghttp2
import HTTP2
import Testing

/// Collects requests; answers them at once (`autoRespond`) or when the test says so.
private final class RequestLog {
    var requests: [HTTP2Request] = []
    var autoRespond = true
    var maxActiveStreams = 0
}

/// A manual clock: tests advance it to show that flood limits are rates, not lifetime counts.
private final class ManualClock {
    var now: UInt64 = 1_000_000_000
}

private func makeServer(
    _ configuration: HTTP2Configuration = HTTP2Configuration(), clock: ManualClock = ManualClock(),
    log: RequestLog = RequestLog()
) throws -> HTTP2ServerSession {
    // The handler reaches the session weakly: a strong capture would be a cycle through the session's handler.
    final class WeakSession { weak var session: HTTP2ServerSession? }
    let weakSession = WeakSession()
    let server = try HTTP2ServerSession(
        configuration: configuration, clock: { clock.now },
        onRequest: { request in
            guard let server = weakSession.session else { return }
            log.requests.append(request)
            log.maxActiveStreams = max(log.maxActiveStreams, server.activeStreamCount)
            if log.autoRespond {
                server.respond(
                    streamID: request.streamID, status: 200, headers: [HTTP2Header("content-type", "application/json")],
                    body: Array("echo:".utf8) + request.body)
            }
        })
    weakSession.session = server
    return server
}

private let enhanceYourCalm = NGHTTP2_ENHANCE_YOUR_CALM.rawValue

@Suite struct HTTP2RequestTests {
    @Test func postWithBodyGetsResponse() throws {
        let log = RequestLog()
        let server = try makeServer(log: log)
        let client = HTTP2TestClient()
        let id = client.request(
            path: "/validate?timeout=10s", headers: [HTTP2Header("content-type", "application/json")],
            body: Array(#"{"kind":"AdmissionReview"}"#.utf8))
        client.exchange(with: server)

        let request = try #require(log.requests.first)
        #expect(log.requests.count == 1)
        #expect(request.streamID == id)
        #expect(request.method == "POST")
        #expect(request.path == "/validate?timeout=10s")
        #expect(request.authority == "localhost")
        #expect(request.scheme == "https")
        #expect(request.header("content-type") == "application/json")
        #expect(request.body == Array(#"{"kind":"AdmissionReview"}"#.utf8))

        let response = try #require(client.responses[id])
        #expect(response.status == 200)
        #expect(response.body == Array(#"echo:{"kind":"AdmissionReview"}"#.utf8))
        #expect(response.headers.contains(HTTP2Header("content-length", "31")))
        #expect(response.closeCode == NGHTTP2_NO_ERROR.rawValue)
        #expect(server.activeStreamCount == 0)
        #expect(!server.isFinished)
    }

    @Test func clientBytesSplitAtEveryByteGiveTheSameRequest() throws {
        let log = RequestLog()
        let server = try makeServer(log: log)
        let client = HTTP2TestClient()
        let body = [UInt8](repeating: 0x7a, count: 40_000)
        let id = client.request(body: body)
        for byte in client.output() {
            #expect(server.receive([byte]) == .ok)
        }
        client.receive(server.pendingOutput())
        client.exchange(with: server)
        #expect(log.requests.map(\.body) == [body])
        #expect(client.responses[id]?.status == 200)
        #expect(client.responses[id]?.body.count == 5 + body.count)
    }

    @Test func responseLargerThanTheClientWindowIsFlowControlled() throws {
        let log = RequestLog()
        log.autoRespond = false
        let server = try makeServer(log: log)
        let client = HTTP2TestClient()
        let id = client.request(method: "GET", path: "/metrics")
        client.exchange(with: server)
        let body = (0..<300_000).map { UInt8(truncatingIfNeeded: $0) }
        #expect(server.respond(streamID: id, status: 200, body: body))
        #expect(!server.respond(streamID: id, status: 500))  // Already answered.
        client.exchange(with: server)
        #expect(client.responses[id]?.body == body)
    }

    @Test func manyConcurrentStreamsAreCappedAndAllAnswered() throws {
        let log = RequestLog()
        log.autoRespond = false
        var configuration = HTTP2Configuration()
        configuration.maxConcurrentStreams = 100
        let server = try makeServer(configuration, log: log)
        let client = HTTP2TestClient()
        // The first flight is sent before the client learns the limit; keep it within the RFC default (unlimited)
        // but let nghttp2's client queue the rest once SETTINGS arrive.
        client.exchange(with: server)
        let ids = (0..<250).map { client.request(body: Array("request \($0)".utf8)) }
        var answered = 0
        for _ in 0..<20 where answered < ids.count {
            client.exchange(with: server)
            #expect(server.activeStreamCount <= 100)
            for request in log.requests.dropFirst(answered) {
                server.respond(streamID: request.streamID, status: 200, body: request.body)
            }
            answered = log.requests.count
        }
        client.exchange(with: server)
        #expect(log.requests.count == ids.count)
        #expect(log.maxActiveStreams == 100)
        for (index, id) in ids.enumerated() {
            #expect(client.responses[id]?.status == 200)
            #expect(client.responses[id]?.body == Array("request \(index)".utf8))
        }
    }
}

@Suite struct HTTP2LimitTests {
    /// Found by `make faults` (h2 zero window): a client that sets INITIAL_WINDOW_SIZE 0 and never opens it kept
    /// its stream, the queued response and the connection forever. Streams older than the request deadline are
    /// now reset; younger ones are left alone.
    @Test func streamsStalledByAZeroWindowAreResetAfterTheDeadline() throws {
        let clock = ManualClock()
        let server = try makeServer(clock: clock)
        let client = HTTP2TestClient()
        var zeroWindow = nghttp2_settings_entry(
            settings_id: Int32(NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE.rawValue), value: 0)
        #expect(nghttp2_submit_settings(client.session, 0, &zeroWindow, 1) == 0)
        let stalled = client.request(body: Array("{}".utf8))
        client.exchange(with: server)
        #expect(client.responses[stalled]?.status == 200)
        #expect(client.responses[stalled]?.body == [])
        #expect(server.activeStreamCount == 1)

        clock.now += 20_000_000_000
        let young = client.request(body: Array("{}".utf8))
        client.exchange(with: server)
        clock.now += 9_000_000_000
        #expect(server.resetStreams(olderThan: 30) == 0)
        clock.now += 2_000_000_000
        #expect(server.resetStreams(olderThan: 30) == 1)
        client.exchange(with: server)
        #expect(client.responses[stalled]?.closeCode == NGHTTP2_CANCEL.rawValue)
        #expect(client.responses[young]?.closeCode == nil)
        #expect(server.activeStreamCount == 1)
        #expect(server.resetStreams(olderThan: 30) == 0)  // Already cancelled: not counted twice.
    }

    @Test func headerListOverTheLimitGets431() throws {
        let log = RequestLog()
        var configuration = HTTP2Configuration()
        configuration.maxHeaderListSize = 4_096
        let server = try makeServer(configuration, log: log)
        var rejected: [Int?] = []
        server.onRejectedRequest = { rejected.append($0) }
        let client = HTTP2TestClient()
        let big = (0..<8).map { HTTP2Header("x-filler-\($0)", String(repeating: "v", count: 1_000)) }
        let refused = client.request(method: "GET", headers: big)
        let small = client.request(method: "GET", headers: [HTTP2Header("x-small", "1")])
        client.exchange(with: server)
        #expect(client.responses[refused]?.status == 431)
        #expect(client.responses[small]?.status == 200)
        #expect(log.requests.map(\.streamID) == [small])
        // The server's metrics hear of the answer the handler never saw.
        #expect(rejected == [431])
    }

    @Test func bodyOverTheCapGets413AndTheConnectionLives() throws {
        let log = RequestLog()
        var configuration = HTTP2Configuration()
        configuration.maxBodySize = 1_024
        let server = try makeServer(configuration, log: log)
        var rejected: [Int?] = []
        server.onRejectedRequest = { rejected.append($0) }
        let client = HTTP2TestClient()
        let refused = client.request(body: [UInt8](repeating: 1, count: 100_000))
        let atCap = client.request(body: [UInt8](repeating: 2, count: 1_024))
        client.exchange(with: server)
        #expect(client.responses[refused]?.status == 413)
        // RST_STREAM(NO_ERROR) after the response stops the upload (RFC 9113 section 8.1).
        #expect(client.responses[refused]?.closeCode == NGHTTP2_NO_ERROR.rawValue)
        #expect(client.responses[atCap]?.status == 200)
        #expect(log.requests.map(\.streamID) == [atCap])
        #expect(client.goAways.isEmpty)
        #expect(server.activeStreamCount == 0)
        #expect(rejected == [413])
    }

    @Test func connectionBodyBudgetRefusesStreamsRetryably() throws {
        let log = RequestLog()
        log.autoRespond = false
        var configuration = HTTP2Configuration()
        configuration.maxBodySize = 10_000
        configuration.maxBufferedBodyBytes = 25_000
        let server = try makeServer(configuration, log: log)
        var rejected: [Int?] = []
        server.onRejectedRequest = { rejected.append($0) }
        let client = HTTP2TestClient()
        let ids = (0..<3).map { _ in client.request(body: [UInt8](repeating: 3, count: 10_000), holdBody: true) }
        client.exchange(with: server)
        #expect(client.responses[ids[2]]?.closeCode == NGHTTP2_REFUSED_STREAM.rawValue)
        #expect(client.responses[ids[0]]?.closeCode == nil)
        #expect(client.responses[ids[1]]?.closeCode == nil)
        #expect(rejected == [nil])
    }
}

@Suite struct HTTP2FloodTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let count: Int
        /// Manual-clock nanoseconds between two frames.
        let spacing: UInt64
        let expectGoAway: Bool
        var testDescription: String { name }
    }

    private static func configuration() -> HTTP2Configuration {
        var configuration = HTTP2Configuration()
        configuration.resetBurst = 100
        configuration.resetsPerSecond = 10
        configuration.controlFrameBurst = 200
        configuration.controlFramesPerSecond = 50
        return configuration
    }

    private static func expectOutcome(
        _ row: Case, _ server: HTTP2ServerSession, _ client: HTTP2TestClient,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        client.receive(server.pendingOutput())
        if row.expectGoAway {
            #expect(client.goAways.last?.errorCode == enhanceYourCalm, sourceLocation: sourceLocation)
            guard case .flood = server.terminationReason else {
                Issue.record("expected a flood termination", sourceLocation: sourceLocation)
                return
            }
            #expect(server.isFinished, sourceLocation: sourceLocation)
        } else {
            #expect(client.goAways.isEmpty, sourceLocation: sourceLocation)
            #expect(server.terminationReason == nil, sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        Case(name: "150 resets at once (CVE-2023-44487)", count: 150, spacing: 0, expectGoAway: true),
        Case(name: "90 resets at once", count: 90, spacing: 0, expectGoAway: false),
        Case(name: "300 resets at 10 per second", count: 300, spacing: 100_000_000, expectGoAway: false),
    ])
    func rapidReset(_ row: Case) throws {
        let clock = ManualClock()
        let server = try makeServer(Self.configuration(), clock: clock)
        let client = HTTP2TestClient()
        client.exchange(with: server)
        for _ in 0..<row.count {
            let id = client.request(method: "GET")
            var bytes = client.output()
            nghttp2_submit_rst_stream(client.session, 0, id, NGHTTP2_CANCEL.rawValue)
            bytes += client.output()
            _ = server.receive(bytes)
            clock.now += row.spacing
            if row.spacing > 0 { client.receive(server.pendingOutput()) }
        }
        Self.expectOutcome(row, server, client)
    }

    @Test(arguments: [
        Case(name: "300 PINGs at once", count: 300, spacing: 0, expectGoAway: true),
        Case(name: "150 PINGs at once", count: 150, spacing: 0, expectGoAway: false),
        Case(name: "1000 PINGs at 50 per second", count: 1_000, spacing: 20_000_000, expectGoAway: false),
    ])
    func pingFlood(_ row: Case) throws {
        let clock = ManualClock()
        let server = try makeServer(Self.configuration(), clock: clock)
        let client = HTTP2TestClient()
        client.exchange(with: server)
        for index in 0..<row.count {
            _ = server.receive(RawFrame.ping(index))
            clock.now += row.spacing
            // Reading the ACKs as they come keeps nghttp2's own outbound-ACK limit out of the picture.
            client.receive(server.pendingOutput())
        }
        Self.expectOutcome(row, server, client)
    }

    @Test(arguments: [
        Case(name: "300 empty DATA frames at once", count: 300, spacing: 0, expectGoAway: true),
        Case(name: "150 empty DATA frames at once", count: 150, spacing: 0, expectGoAway: false),
    ])
    func emptyDataFlood(_ row: Case) throws {
        let server = try makeServer(Self.configuration())
        let client = HTTP2TestClient()
        let id = client.request(holdBody: true)
        client.exchange(with: server)
        _ = server.receive((0..<row.count).flatMap { _ in RawFrame.emptyData(streamID: id) })
        Self.expectOutcome(row, server, client)
    }

    @Test func unacknowledgedOutputFloodEndsTheSession() throws {
        // A peer that sends PINGs but never reads the ACKs: nghttp2's max_outbound_ack stops it.
        var configuration = Self.configuration()
        configuration.controlFrameBurst = 10_000
        let server = try makeServer(configuration)
        let client = HTTP2TestClient()
        _ = server.receive(client.output())
        var result = HTTP2ServerSession.ReceiveResult.ok
        for index in 0..<1_000 where result == .ok {
            result = server.receive(RawFrame.ping(index))
        }
        guard case .failed(.protocolError) = result else {
            Issue.record("expected nghttp2 to refuse the flood, got \(result)")
            return
        }
        #expect(server.isFinished)
    }

    @Test func badPrefaceFailsTheSession() throws {
        let server = try makeServer()
        guard case .failed(.protocolError) = server.receive(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) else {
            Issue.record("HTTP/1.1 on an h2 connection must fail")
            return
        }
        #expect(server.isFinished)
    }
}

@Suite struct HTTP2ShutdownTests {
    @Test func gracefulShutdownDeliversInFlightResponsesThenGoAway() throws {
        let log = RequestLog()
        log.autoRespond = false
        let server = try makeServer(log: log)
        let client = HTTP2TestClient()
        let inFlight = (0..<3).map { client.request(body: Array("in flight \($0)".utf8)) }
        client.exchange(with: server)
        #expect(log.requests.count == 3)

        server.beginGracefulShutdown()
        client.exchange(with: server)
        // First the notice (last stream 2^31-1), then, after the PING round trip, the real last stream.
        #expect(
            client.goAways == [
                HTTP2TestClient.GoAway(lastStreamID: Int32.max, errorCode: NGHTTP2_NO_ERROR.rawValue),
                HTTP2TestClient.GoAway(lastStreamID: inFlight.last!, errorCode: NGHTTP2_NO_ERROR.rawValue),
            ])
        #expect(!server.isFinished)

        // A request after the final GOAWAY never reaches the handler.
        let late = client.request(method: "GET")
        client.exchange(with: server)
        #expect(log.requests.count == 3)
        #expect(client.responses[late]?.status == nil)

        for request in log.requests {
            server.respond(streamID: request.streamID, status: 200, body: request.body)
        }
        client.exchange(with: server)
        for (index, id) in inFlight.enumerated() {
            #expect(client.responses[id]?.status == 200)
            #expect(client.responses[id]?.body == Array("in flight \(index)".utf8))
        }
        #expect(server.isFinished)
    }

    @Test func finishWithoutPingAckStillEnds() throws {
        let server = try makeServer()
        let client = HTTP2TestClient()
        client.exchange(with: server)
        server.beginGracefulShutdown()
        server.finishGracefulShutdown()
        client.receive(server.pendingOutput())
        #expect(client.goAways.last?.lastStreamID == 0)
        #expect(server.isFinished)
    }
}
