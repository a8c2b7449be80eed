/// Why an HTTP/2 connection failed or was ended by the server.
public enum HTTP2Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// nghttp2 could not create the session (out of memory).
    case sessionCreationFailed(String)
    /// The peer broke the protocol badly enough that nghttp2 gave up (bad preface, flooded output queue).
    /// Send `pendingOutput()` if any, then close.
    case protocolError(String)
    /// The peer exceeded a flood limit; GOAWAY(ENHANCE_YOUR_CALM) is queued.
    case flood(String)

    public var description: String {
        switch self {
        case .sessionCreationFailed(let reason): return "HTTP/2 session creation failed: \(reason)"
        case .protocolError(let reason): return "HTTP/2 protocol error: \(reason)"
        case .flood(let reason): return "HTTP/2 flood: \(reason)"
        }
    }
}
