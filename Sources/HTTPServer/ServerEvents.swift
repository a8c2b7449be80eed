import EventLoop
import TLS

/// The one hook through which the server reports what happens: every response status, whoever produced it (the
/// responder, or the transport's own 400, 408, 413 and 431), every connection opened and closed, every error it
/// survives. The application turns them into metrics and log lines. Called on loop threads (and the housekeeping
/// thread for certificate reloads): implementations must be thread-safe and must not block.
public protocol ServerEvents: Sendable {
    /// A response was queued on a connection.
    func responded(status: Int, protocolName: String)
    /// A connection entered a protocol (`tls-handshake` when accepted, then `http/1.1` or `h2`).
    func connectionEntered(protocolName: String)
    /// A connection left a protocol (closed, or the handshake finished).
    func connectionLeft(protocolName: String)
    /// An HTTP/2 stream refused with RST_STREAM(REFUSED_STREAM) and no response.
    func streamRefused()
    func handshakeFailed(_ error: TLSError)
    /// An error the server survived and did nothing else about. `site` names the call that failed.
    func errorIgnored(site: String, error: String)
    /// Start-up, shutdown and certificate reload.
    func lifecycle(_ event: ServerLifecycleEvent)
}

/// What `ServerEvents.lifecycle` reports.
public enum ServerLifecycleEvent: Sendable {
    case listening(SocketAddress?, threads: Int, certificate: TLSContext)
    case shuttingDown(signal: Int32)
    case stopped
    case loopFailed(String)
    case acceptFailed(String)
    case certificateReloaded(TLSContext)
    case certificateReloadFailed(TLSError)
}
