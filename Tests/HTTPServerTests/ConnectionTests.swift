import Foundation
import Testing

@testable import HTTPServer

/// One connection end to end, TLS included, over a socketpair: no listener, no binary.
@Suite("connection")
struct ConnectionTests {
    static let hello = "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"

    static func endsWithResponses(_ count: Int) -> ([UInt8]) -> Bool {
        { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            return text.components(separatedBy: "hello\n").count - 1 >= count
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let harness = try ConnectionHarness()
        let client = try harness.connect()
        client.send(Self.hello + "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n" + Self.hello)
        let (bytes, end) = client.read(until: { bytes in
            String(decoding: bytes, as: UTF8.self).components(separatedBy: "HTTP/1.1 ").count - 1 == 3
                && bytes.suffix(6) == Array("hello\n".utf8)
        })
        #expect(end == .open)
        #expect(SocketPairClient.responses(bytes) == ["HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK"])
    }

    /// A 2 MiB answer through a 4 KiB send buffer: writes meet EAGAIN and go out in parts while the client reads
    /// nothing; once it reads, every byte arrives in order.
    @Test func largeAnswerThroughASmallSendBuffer() throws {
        let harness = try ConnectionHarness()
        let client = try harness.connect(sendBufferBytes: 4096)
        let body = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        client.send(Array("POST /hello HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
        let expected = Array("hello\n".utf8) + body
        let (bytes, end) = client.read(until: { $0.count >= expected.count && $0.suffix(16) == expected.suffix(16) })
        #expect(end == .open)
        #expect(bytes.suffix(expected.count).elementsEqual(expected))
    }

    /// SIGTERM while the connection is idle: it stays open, the next request is answered with
    /// `Connection: close`, and the connection then ends with a FIN, not a reset.
    @Test func drainAnswersARequestOnAnIdleConnectionThenCloses() throws {
        let harness = try ConnectionHarness()
        let client = try harness.connect()
        client.send(Self.hello)
        #expect(client.read(until: Self.endsWithResponses(1)).end == .open)
        harness.drain()
        client.send(Self.hello)
        let (bytes, end) = client.readToEnd()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(end == .endOfStream)
        #expect(SocketPairClient.responses(bytes) == ["HTTP/1.1 200 OK", "HTTP/1.1 200 OK"])
        #expect(text.components(separatedBy: "Connection: close\r\n").count - 1 == 1, "\(text)")
        #expect(text.hasSuffix("hello\n"))
    }

    /// The drain window ends on an idle connection: closed with a FIN and nothing sent; a request sent just
    /// before is answered (whichever of the two the loop sees first).
    @Test(arguments: [false, true])
    func drainWindowEnd(requestJustBefore: Bool) throws {
        let harness = try ConnectionHarness()
        let client = try harness.connect()
        client.send(Self.hello)
        #expect(client.read(until: Self.endsWithResponses(1)).end == .open)
        harness.drain()
        if requestJustBefore { client.send(Self.hello) }
        harness.endDrainWindow()
        let (bytes, end) = client.readToEnd()
        #expect(end == .endOfStream)
        #expect(SocketPairClient.responses(bytes).count == (requestJustBefore ? 2 : 1))
    }

    /// The deadlines, with the sweep run at a chosen time instead of waiting: a request that takes longer than the
    /// request timeout to arrive gets a 408 and a FIN; an idle connection past the idle timeout a FIN alone; a
    /// connection within both stays open.
    @Test func deadlines() throws {
        let harness = try ConnectionHarness(limits: TransportLimits(requestTimeoutSeconds: 30, idleTimeoutSeconds: 90))
        let slow = try harness.connect()
        let idle = try harness.connect()
        idle.send(Self.hello)
        #expect(idle.read(until: Self.endsWithResponses(1)).end == .open)
        slow.send("GET /hel")
        harness.sweep(after: 29)
        // The loop answers this only in a turn that also saw the slow client's bytes, which were already waiting
        // (level-triggered epoll reports both): after it, the slow request has begun.
        idle.send(Self.hello)
        #expect(idle.read(until: Self.endsWithResponses(2)).end == .open)
        harness.sweep(after: 31)
        let (slowBytes, slowEnd) = slow.readToEnd()
        #expect(slowEnd == .endOfStream)
        #expect(SocketPairClient.responses(slowBytes) == ["HTTP/1.1 408 Request Timeout"])
        harness.sweep(after: 91)
        let (idleBytes, idleEnd) = idle.readToEnd()
        #expect(idleEnd == .endOfStream)
        #expect(SocketPairClient.responses(idleBytes).count == 2)
    }

    /// HTTP/2 through the same connection: ALPN picks it, and the open-connection events follow the protocol.
    @Test func http2IsChosenByALPN() throws {
        let harness = try ConnectionHarness()
        let client = try harness.connect(alpn: ["h2"])
        #expect(client.negotiatedALPN == "h2")
        client.send(Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + [0, 0, 0, 4, 0, 0, 0, 0, 0])
        // The server's SETTINGS frame (type 4) comes first.
        let (bytes, end) = client.read(until: { $0.count >= 9 })
        #expect(end == .open)
        #expect(bytes[3] == 4)
        #expect(harness.events.record.withLock { $0.open } == ["tls-handshake": 0, "h2": 1])
    }
}
