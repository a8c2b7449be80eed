import Foundation
import HTTP1

/// Serves HTTP/1.1 over one connection's plaintext: assembles requests (head, then a Content-Length or chunked
/// body), answers each in order through the responder, and says when the connection must close. Pipelined requests
/// are answered in order because each is answered before the next is parsed.
final class HTTP1Handler: ProtocolHandler {
    private enum State {
        case head
        case body(HTTPRequestHead, HTTP1BodyDecoder, [UInt8])
    }

    private let responder: any Responder
    private let events: any ServerEvents
    private let requestTimeout: Duration
    private let idleTimeout: Duration
    private let parser: HTTP1RequestParser
    private let maxBodyBytes: Int
    /// Received bytes; those before `bufferStart` are consumed. Consumed bytes are dropped by moving the index,
    /// and moved out only before more bytes are appended: `removeFirst` per request moved every pipelined byte.
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    private var hasBufferedBytes: Bool { bufferStart < buffer.count }
    private var state = State.head
    private var closeRequested = false
    private var draining = false
    /// When the request being read began, for the 408 deadline; nil while idle between requests.
    private(set) var requestStartedAt: ContinuousClock.Instant?

    let protocolName = "http/1.1"
    /// The `Date` header text and the second it was made for: formatted once a second, not per response.
    private var dateSecond = -1
    private var dateText = ""

    /// Answers produced in one turn before the handler stops and leaves further pipelined requests in its buffer.
    /// A client that pipelines many small requests for large answers and reads none of them must not make the
    /// server hold every answer at once: 1 MiB of `GET /metrics` asks for some 80 MB (found by `make faults`).
    static let maxOutputPerTurn = 256 << 10
    /// Pipelined requests wait in the buffer because the turn's output limit was reached: call `receive` with no
    /// bytes once the output is sent.
    private(set) var hasPendingWork = false

    init(responder: any Responder, limits: TransportLimits, events: any ServerEvents) {
        self.responder = responder
        self.events = events
        self.maxBodyBytes = limits.maxBodyBytes
        self.requestTimeout = .seconds(limits.requestTimeoutSeconds)
        self.idleTimeout = .seconds(limits.idleTimeoutSeconds)
        self.parser = HTTP1RequestParser(limits: .init(maxBodyBytes: maxBodyBytes))
    }

    convenience init(context: ConnectionContext) {
        self.init(responder: context.responder, limits: context.limits, events: context.events)
    }

    var isIdle: Bool {
        if case .head = state { return !hasBufferedBytes }
        return false
    }

    func receive(_ bytes: UnsafeRawBufferPointer, output: inout [UInt8]) -> Bool {
        guard !closeRequested else { return true }
        if !bytes.isEmpty {
            if requestStartedAt == nil { requestStartedAt = .now }
            if bufferStart > 0 {
                buffer.removeFirst(bufferStart)
                bufferStart = 0
            }
            buffer.append(contentsOf: bytes)
        }
        hasPendingWork = false
        while !closeRequested {
            switch state {
            case .head:
                guard hasBufferedBytes else {
                    buffer.removeAll(keepingCapacity: true)
                    bufferStart = 0
                    return closeRequested
                }
                if output.count >= Self.maxOutputPerTurn {
                    hasPendingWork = true
                    return false
                }
                switch parser.parse(buffer[bufferStart...]) {
                case .needMoreData:
                    return false
                case .invalid(let error):
                    fail(error, output: &output)
                case .complete(let head, let consumed):
                    bufferStart += consumed
                    if case .none = head.bodyFraming {
                        dispatch(head, body: Data(), output: &output)
                    } else if case .contentLength(let length) = head.bodyFraming, buffer.count - bufferStart >= length {
                        // The whole body is here (the usual case): straight from the buffer into `Data`.
                        let body = Data(buffer[bufferStart..<(bufferStart + length)])
                        bufferStart += length
                        dispatch(head, body: body, output: &output)
                    } else {
                        let decoder = HTTP1BodyDecoder(framing: head.bodyFraming, maxBodyBytes: maxBodyBytes)
                        if head.expectsContinue && !hasBufferedBytes {
                            output.append(contentsOf: HTTP1ResponseWriter.continueResponse)
                        }
                        state = .body(head, decoder, [])
                    }
                }
            case .body(let head, var decoder, var body):
                state = .head  // drop the state's references so the body array is uniquely owned
                switch decoder.decode(buffer[bufferStart...], into: &body) {
                case .needMoreData:
                    buffer.removeAll(keepingCapacity: true)
                    bufferStart = 0
                    state = .body(head, decoder, body)
                    return false
                case .invalid(let error):
                    fail(error, output: &output)
                case .complete(let consumed):
                    bufferStart += consumed
                    dispatch(head, body: Data(body), output: &output)
                }
            }
        }
        return closeRequested
    }

    /// After SIGTERM: every response says `Connection: close`, the last of a pipelined batch included; an idle
    /// connection stays open until the drain window ends, for a request a pooled client sends on it just then.
    func beginDrain(output: inout [UInt8]) -> Bool {
        draining = true
        return closeRequested
    }

    /// The drain window is over: close now if idle, otherwise after the response in progress.
    func endDrainWindow(output: inout [UInt8]) -> Bool {
        if isIdle { closeRequested = true }
        return closeRequested
    }

    /// A request that has taken longer than the request timeout to arrive gets a 408 and the connection closes; so
    /// does a connection idle for longer than the idle timeout, without a word (RFC 9112 section 9.6).
    func checkDeadlines(
        now: ContinuousClock.Instant, lastActivity: ContinuousClock.Instant, output: inout [UInt8]
    ) -> DeadlineAction {
        // Already closing (after an error answer, say, to a client that does not read it): nothing more to send.
        if closeRequested { return .close }
        if let requestStartedAt, now - requestStartedAt > requestTimeout {
            HTTP1ResponseWriter.write(
                status: .requestTimeout, contentType: "text/plain; charset=utf-8",
                body: Array("request not received in time\n".utf8), closeConnection: true, date: currentDate(),
                into: &output)
            closeRequested = true
            events.responded(status: 408, protocolName: protocolName)
            return .close
        }
        if isIdle && now - lastActivity > idleTimeout {
            // Bytes that arrive while the close is under way are not answered.
            closeRequested = true
            return .close
        }
        return .none
    }

    private func currentDate() -> String {
        let now = Int(time(nil))
        if now != dateSecond {
            dateSecond = now
            dateText = HTTPDate.format(secondsSince1970: now)
        }
        return dateText
    }

    private func fail(_ error: HTTPParseError, output: inout [UInt8]) {
        output.append(contentsOf: HTTP1ResponseWriter.errorResponse(for: error, date: currentDate()))
        events.responded(status: error.status.code, protocolName: protocolName)
        closeRequested = true
    }

    private func dispatch(_ head: HTTPRequestHead, body: Data, output: inout [UInt8]) {
        let request = HTTPRequest(
            method: head.method.rawValue, path: head.path, query: head.query ?? "",
            contentType: head.headers["content-type"], body: body, protocolName: protocolName,
            receivedAt: requestStartedAt ?? .now)
        let response = responder.respond(to: request)
        events.responded(status: response.status, protocolName: protocolName)
        // Draining: requests pipelined behind this one are answered too, the last with `Connection: close`.
        let close = !head.keepAlive || (draining && !hasBufferedBytes)
        HTTP1ResponseWriter.write(
            status: HTTPStatus(code: response.status),
            body: head.method == .head ? [] : response.body,
            headers: response.headers, closeConnection: close, requestVersion: head.version, date: currentDate(),
            into: &output)
        if close { closeRequested = true }
        requestStartedAt = hasBufferedBytes ? .now : nil
    }
}
