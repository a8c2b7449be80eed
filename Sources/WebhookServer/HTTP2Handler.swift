import Foundation
import HTTP2

/// Serves HTTP/2 over one connection's plaintext through nghttp2: every complete stream goes to the routes and its
/// response is submitted on the same stream.
final class HTTP2Handler: ProtocolHandler {
    private let session: HTTP2ServerSession
    let protocolName = "h2"

    init(routes: WebhookRoutes, maxBodyBytes: Int) throws(HTTP2Error) {
        var configuration = HTTP2Configuration()
        configuration.maxBodySize = maxBodyBytes
        configuration.maxBufferedBodyBytes = max(configuration.maxBufferedBodyBytes, maxBodyBytes * 2)
        var respond: ((HTTP2Request) -> Void)?
        session = try HTTP2ServerSession(configuration: configuration) { request in respond?(request) }
        respond = { [unowned session] request in
            let (path, query) = WebhookRequest.split(target: request.path)
            let response = routes.respond(
                to: WebhookRequest(
                    method: request.method, path: path, query: query, contentType: request.header("content-type"),
                    body: Data(request.body), protocolName: "h2"))
            _ = session.respond(
                streamID: request.streamID, status: response.status,
                headers: response.headers.map { HTTP2Header($0.name.lowercased(), $0.value) },
                body: request.method == "HEAD" ? [] : response.body)
        }
    }

    var isIdle: Bool { session.activeStreamCount == 0 }
    /// nghttp2 bounds its own output (streams, flow control); nothing waits here.
    let hasPendingWork = false

    /// Queues the server preface (SETTINGS), which must go out first.
    func start(output: inout [UInt8]) {
        output.append(contentsOf: session.pendingOutput())
    }

    func receive(_ bytes: ArraySlice<UInt8>, output: inout [UInt8]) -> Bool {
        let result = bytes.withUnsafeBytes { session.receive($0) }
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

    func timeOut(output: inout [UInt8]) {
        session.finishGracefulShutdown()
        output.append(contentsOf: session.pendingOutput())
    }

    /// Resets the streams the client has stalled past the request deadline (see
    /// `HTTP2ServerSession.resetStreams(olderThan:)`); true when frames were queued into `output`.
    func resetStalledStreams(olderThan seconds: Double, output: inout [UInt8]) -> Bool {
        guard session.resetStreams(olderThan: seconds) > 0 else { return false }
        output.append(contentsOf: session.pendingOutput())
        return true
    }

    /// When the session has nothing left to do after output is flushed.
    var isFinished: Bool { session.isFinished }
}

/// What a connection needs from the protocol spoken over it. `receive` and `beginDrain` append bytes to send to
/// `output` and return true when the connection should close once they are flushed.
protocol ProtocolHandler: AnyObject {
    var protocolName: String { get }
    var isIdle: Bool { get }
    /// Input was received but not yet handled, to limit how much output one turn produces: `receive` again with
    /// no bytes once the output is sent.
    var hasPendingWork: Bool { get }
    func receive(_ bytes: ArraySlice<UInt8>, output: inout [UInt8]) -> Bool
    func beginDrain(output: inout [UInt8]) -> Bool
    /// The drain window after SIGTERM is over; true when the connection should close once `output` is flushed.
    func endDrainWindow(output: inout [UInt8]) -> Bool
    func timeOut(output: inout [UInt8])
}
