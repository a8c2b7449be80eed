/// Serializes HTTP/1.1 responses: status line, headers, body, into bytes ready for the socket.
public enum HTTP1ResponseWriter {
    /// The interim response sent before reading the body of an `Expect: 100-continue` request.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends a complete response to `buffer`.
    ///
    /// - Parameters:
    ///   - closeConnection: adds `Connection: close`; the caller closes after writing.
    ///   - requestVersion: an HTTP/1.0 client kept alive needs `Connection: keep-alive` (RFC 9112 §9.3).
    ///   - date: an IMF-fixdate (`HTTPDate.format`), omitted when nil; servers cache it per second.
    ///   - headers: extra fields. Names and values must not contain CR or LF.
    public static func write(
        status: HTTPStatus,
        contentType: String? = nil,
        body: some Collection<UInt8> = [],
        headers: [(name: String, value: String)] = [],
        closeConnection: Bool = false,
        requestVersion: HTTPVersion = .http1_1,
        date: String? = nil,
        into buffer: inout [UInt8]
    ) {
        buffer.reserveCapacity(buffer.count + 128 + body.count)
        buffer.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status.code, to: &buffer)
        buffer.append(ASCII.space)
        buffer.append(contentsOf: status.reasonPhrase.utf8)
        buffer.append(contentsOf: "\r\n".utf8)
        if let date { appendField("Date", date, to: &buffer) }
        if let contentType { appendField("Content-Type", contentType, to: &buffer) }
        buffer.append(contentsOf: "Content-Length: ".utf8)
        appendDecimal(body.count, to: &buffer)
        buffer.append(contentsOf: "\r\n".utf8)
        if closeConnection {
            buffer.append(contentsOf: "Connection: close\r\n".utf8)
        } else if requestVersion == .http1_0 {
            buffer.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        for (name, value) in headers { appendField(name, value, to: &buffer) }
        buffer.append(contentsOf: "\r\n".utf8)
        buffer.append(contentsOf: body)
    }

    /// A complete response as a new array.
    public static func response(
        status: HTTPStatus,
        contentType: String? = nil,
        body: some Collection<UInt8> = [],
        headers: [(name: String, value: String)] = [],
        closeConnection: Bool = false,
        requestVersion: HTTPVersion = .http1_1,
        date: String? = nil
    ) -> [UInt8] {
        var buffer: [UInt8] = []
        write(
            status: status, contentType: contentType, body: body, headers: headers, closeConnection: closeConnection,
            requestVersion: requestVersion, date: date, into: &buffer)
        return buffer
    }

    /// The answer to a request that failed to parse: its status, a one-line plain-text reason, and
    /// `Connection: close`, since the rest of the stream cannot be framed.
    public static func errorResponse(for error: HTTPParseError, date: String? = nil) -> [UInt8] {
        response(
            status: error.status, contentType: "text/plain; charset=utf-8", body: Array("\(error)\n".utf8),
            closeConnection: true, date: date)
    }

    private static func appendField(_ name: String, _ value: String, to buffer: inout [UInt8]) {
        assert(!name.utf8.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }), "CR or LF in header name")
        assert(!value.utf8.contains(where: { $0 == ASCII.cr || $0 == ASCII.lf }), "CR or LF in header value")
        buffer.append(contentsOf: name.utf8)
        buffer.append(contentsOf: ": ".utf8)
        buffer.append(contentsOf: value.utf8)
        buffer.append(contentsOf: "\r\n".utf8)
    }

    static func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
        // Decimal Strings of an Int fit the small-string form: no allocation.
        buffer.append(contentsOf: String(value).utf8)
    }
}
