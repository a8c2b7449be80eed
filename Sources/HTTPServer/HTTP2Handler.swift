import Foundation
import HTTP2

/// Serves HTTP/2 over one connection's plaintext through nghttp2: every complete stream goes to the responder and
/// its response is submitted on the same stream.
final class HTTP2Handler: ProtocolHandler {
    private let session: HTTP2ServerSession
    private let requestTimeoutSeconds: Double
    private let idleTimeout: Duration
    let protocolName = "h2"

    init(responder: any Responder, limits: TransportLimits, events: any ServerEvents) throws(HTTP2Error) {
        var configuration = HTTP2Configuration()
        configuration.maxBodySize = limits.maxBodyBytes
        configuration.maxBufferedBodyBytes = max(configuration.maxBufferedBodyBytes, limits.maxBodyBytes * 2)
        requestTimeoutSeconds = limits.requestTimeoutSeconds
        idleTimeout = .seconds(limits.idleTimeoutSeconds)
        var respond: ((HTTP2Request) -> Void)?
        session = try HTTP2ServerSession(configuration: configuration) { request in respond?(request) }
        respond = { [unowned session] request in
            let (path, query) = HTTPRequest.split(target: request.path)
            let response = responder.respond(
                to: HTTPRequest(
                    method: request.method, path: path, query: query, contentType: request.header("content-type"),
                    body: Data(request.body), protocolName: "h2"))
            events.responded(status: response.status, protocolName: "h2")
            _ = session.respond(
                streamID: request.streamID, status: response.status,
                headers: response.headers.map { HTTP2Header($0.name.lowercased(), $0.value) },
                body: request.method == "HEAD" ? [] : response.body)
        }
        session.onRejectedRequest = { status in
            if let status {
                events.responded(status: status, protocolName: "h2")
            } else {
                events.streamRefused()
            }
        }
    }

    convenience init(context: ConnectionContext) throws(HTTP2Error) {
        try self.init(responder: context.responder, limits: context.limits, events: context.events)
    }

    var isIdle: Bool { session.activeStreamCount == 0 }
    /// nghttp2 bounds its own output (streams, flow control); nothing waits here.
    let hasPendingWork = false

    /// Queues the server preface (SETTINGS), which must go out first.
    func start(output: inout [UInt8]) {
        output.append(contentsOf: session.pendingOutput())
    }

    func receive(_ bytes: UnsafeRawBufferPointer, output: inout [UInt8]) -> Bool {
        let result = session.receive(bytes)
        output.append(contentsOf: session.pendingOutput())
        if case .failed = result { return true }
        return session.isFinished
    }

    func beginDrain(output: inout [UInt8]) -> Bool {
        session.beginGracefulShutdown()
        output.append(contentsOf: session.pendingOutput())
        return session.isFinished
    }

    /// The drain window is over and the client has not acknowledged the shutdown PING: the final GOAWAY now.
    func endDrainWindow(output: inout [UInt8]) -> Bool {
        session.finishGracefulShutdown()
        output.append(contentsOf: session.pendingOutput())
        return session.isFinished
    }

    /// Streams the client has stalled past the request deadline are reset (see
    /// `HTTP2ServerSession.resetStreams(olderThan:)`); a connection idle past the idle timeout gets its final GOAWAY
    /// and closes.
    func checkDeadlines(
        now: ContinuousClock.Instant, lastActivity: ContinuousClock.Instant, output: inout [UInt8]
    ) -> DeadlineAction {
        if session.resetStreams(olderThan: requestTimeoutSeconds) > 0 {
            output.append(contentsOf: session.pendingOutput())
            return .send
        }
        if isIdle && now - lastActivity > idleTimeout {
            session.finishGracefulShutdown()
            output.append(contentsOf: session.pendingOutput())
            return .close
        }
        return .none
    }
}
