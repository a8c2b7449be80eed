/// One header field, name lowercase as HTTP/2 requires (RFC 9113 section 8.2.1).
public struct HTTP2Header: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A complete request (headers, body, end of stream) handed to the session's handler.
public struct HTTP2Request: Sendable {
    /// Pass back to `HTTP2ServerSession.respond(streamID:status:headers:body:)`.
    public var streamID: Int32
    public var method: String
    public var path: String
    public var authority: String?
    public var scheme: String?
    /// Regular fields in arrival order; pseudo-headers are in the properties above.
    public var headers: [HTTP2Header]
    public var body: [UInt8]

    /// The first value of `name` (lowercase), if present.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }
}
