/// Why a request cannot be served, each mapped to the status to answer with. After any of these the framing of
/// the connection is unreliable: answer, then close.
public enum HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    // 400: syntax (RFC 9112 §2-§5).
    case invalidMethod
    case invalidTarget
    case invalidVersion
    /// CR not followed by LF, or LF without CR. Both are rejected rather than tolerated (RFC 9112 §2.2 allows
    /// either): the API server always sends CRLF, and a lenient parser behind a strict proxy is how requests get
    /// smuggled.
    case invalidLineEnding
    case invalidHeaderName
    case invalidHeaderValue
    /// A header line starting with whitespace (RFC 9112 §5.2: reject obs-fold with 400).
    case obsoleteLineFolding
    /// HTTP/1.1 without exactly one Host, or HTTP/1.0 with several (RFC 9112 §3.2).
    case invalidHost
    case invalidContentLength
    /// Several Content-Length values that differ (RFC 9110 §8.6).
    case conflictingContentLength
    /// Both framings at once (RFC 9112 §6.1): a classic smuggling vector.
    case contentLengthWithTransferEncoding
    /// `chunked` missing from the end of Transfer-Encoding, repeated, or Transfer-Encoding in HTTP/1.0
    /// (RFC 9112 §6.1, §6.3).
    case invalidTransferEncoding
    case invalidChunk
    // 405: produced by routing, never by the parser.
    case methodNotAllowed
    // 411
    case lengthRequired
    // 413: declared by Content-Length or reached while decoding chunks.
    case bodyTooLarge
    // 414
    case requestLineTooLong
    // 417: an Expect other than 100-continue (RFC 9110 §10.1.1).
    case unsupportedExpectation
    // 431
    case headersTooLarge
    case tooManyHeaders
    // 501: a transfer coding other than chunked (RFC 9112 §6.1).
    case unsupportedTransferEncoding
    // 505
    case unsupportedVersion

    /// The response status for this fault.
    public var status: HTTPStatus {
        switch self {
        case .invalidMethod, .invalidTarget, .invalidVersion, .invalidLineEnding, .invalidHeaderName,
            .invalidHeaderValue, .obsoleteLineFolding, .invalidHost, .invalidContentLength, .conflictingContentLength,
            .contentLengthWithTransferEncoding, .invalidTransferEncoding, .invalidChunk:
            .badRequest
        case .methodNotAllowed: .methodNotAllowed
        case .lengthRequired: .lengthRequired
        case .bodyTooLarge: .contentTooLarge
        case .requestLineTooLong: .uriTooLong
        case .unsupportedExpectation: .expectationFailed
        case .headersTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .unsupportedTransferEncoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        }
    }

    public var description: String {
        switch self {
        case .invalidMethod: "invalid method"
        case .invalidTarget: "invalid request target"
        case .invalidVersion: "invalid HTTP version"
        case .invalidLineEnding: "line not terminated by CRLF"
        case .invalidHeaderName: "invalid header field name"
        case .invalidHeaderValue: "invalid header field value"
        case .obsoleteLineFolding: "obsolete line folding"
        case .invalidHost: "missing or repeated Host"
        case .invalidContentLength: "invalid Content-Length"
        case .conflictingContentLength: "conflicting Content-Length values"
        case .contentLengthWithTransferEncoding: "both Content-Length and Transfer-Encoding"
        case .invalidTransferEncoding: "invalid Transfer-Encoding"
        case .invalidChunk: "invalid chunked encoding"
        case .methodNotAllowed: "method not allowed"
        case .lengthRequired: "Content-Length required"
        case .bodyTooLarge: "request body too large"
        case .requestLineTooLong: "request line too long"
        case .unsupportedExpectation: "unsupported expectation"
        case .headersTooLarge: "request header too large"
        case .tooManyHeaders: "too many header fields"
        case .unsupportedTransferEncoding: "unsupported transfer coding"
        case .unsupportedVersion: "HTTP version not supported"
        }
    }
}
