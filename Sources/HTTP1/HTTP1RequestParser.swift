/// Outcome of `HTTP1RequestParser.parse(_:)`.
public enum HTTP1ParseResult: Sendable, Hashable {
    /// A whole head was parsed from the first `consumed` bytes; the body (see `bodyFraming`) or the next pipelined
    /// request starts right after.
    case complete(HTTPRequestHead, consumed: Int)
    /// The buffer holds the start of a valid head; call again with more bytes appended.
    case needMoreData
    /// Answer with `error.status` and close the connection.
    case invalid(HTTPParseError)
}

/// Parses an HTTP/1.1 request head (RFC 9112) in the manner of picohttpparser: stateless, one pass over the
/// caller's bytes, restarted from the beginning when more arrive.
///
/// The result for a buffer depends only on its bytes, and every fault is decided by the first byte that shows it,
/// so a head split at any point gives `.needMoreData` for the prefixes and then the same result as the whole.
/// Restarting costs little: heads are small and usually arrive in one read.
public struct HTTP1RequestParser: Sendable {
    /// Size limits. Defaults follow nginx where it has one.
    public struct Limits: Sendable, Hashable {
        /// Request line, without CRLF; longer gets 414 (nginx answers an over-long request line with 414 too,
        /// from its 8k `large_client_header_buffers`).
        public var maxRequestLineLength: Int
        /// The whole head, request line and final CRLF included; larger gets 431.
        public var maxHeaderBytes: Int
        /// Header fields; more gets 431.
        public var maxHeaderCount: Int
        /// Body; larger gets 413, from Content-Length before any of it is read, or while decoding chunks. The
        /// default is the server's (`TransportLimits.defaultMaxBodyBytes` in HTTPServer says why 7 MiB).
        public var maxBodyBytes: Int

        public init(
            maxRequestLineLength: Int = 8 * 1024, maxHeaderBytes: Int = 16 * 1024, maxHeaderCount: Int = 100,
            maxBodyBytes: Int = 7 * 1024 * 1024
        ) {
            self.maxRequestLineLength = maxRequestLineLength
            self.maxHeaderBytes = maxHeaderBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    public func parse(_ bytes: [UInt8]) -> HTTP1ParseResult {
        bytes.withUnsafeBytes { parse($0) }
    }

    public func parse(_ bytes: ArraySlice<UInt8>) -> HTTP1ParseResult {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// Parses the head at the start of `buffer`. The buffer is only read during the call.
    public func parse(_ buffer: UnsafeRawBufferPointer) -> HTTP1ParseResult {
        // Scanning stops at the head limit; running out of bytes there means the head is too large.
        var scanner = Scanner(buffer: buffer, end: min(buffer.count, limits.maxHeaderBytes))
        do throws(Stop) {
            return try scanner.parseHead(limits: limits)
        } catch {
            switch error {
            case .needMoreData:
                return buffer.count > limits.maxHeaderBytes ? .invalid(.headersTooLarge) : .needMoreData
            case .invalid(let error):
                return .invalid(error)
            }
        }
    }
}

private enum Stop: Error {
    case needMoreData
    case invalid(HTTPParseError)
}

private struct Scanner {
    let buffer: UnsafeRawBufferPointer
    let end: Int
    var position = 0

    init(buffer: UnsafeRawBufferPointer, end: Int) {
        self.buffer = buffer
        self.end = end
    }

    @inline(__always)
    func byte(at index: Int) throws(Stop) -> UInt8 {
        guard index < end else { throw .needMoreData }
        return buffer[index]
    }

    /// The LF after a CR at `position - 1`, consumed.
    @inline(__always)
    mutating func consumeLF() throws(Stop) {
        guard try byte(at: position) == ASCII.lf else { throw .invalid(.invalidLineEnding) }
        position += 1
    }

    mutating func parseHead(limits: HTTP1RequestParser.Limits) throws(Stop) -> HTTP1ParseResult {
        // RFC 9112 §2.2: ignore empty lines before the request line; some clients send CRLF after a body.
        while true {
            let first = try byte(at: position)
            if first == ASCII.lf { throw .invalid(.invalidLineEnding) }
            if first != ASCII.cr { break }
            position += 1
            try consumeLF()
        }
        let (methodRange, targetRange, version) = try parseRequestLine(maxLength: limits.maxRequestLineLength)
        let fields = try parseFields(maxCount: limits.maxHeaderCount)
        let consumed = position
        let method = HTTPMethod(UnsafeRawBufferPointer(rebasing: buffer[methodRange]))
        let semantics = try Semantics(
            buffer: buffer, fields: fields, method: method, version: version, maxBodyBytes: limits.maxBodyBytes)
        let headers = HTTPHeaders(
            bytes: [UInt8](UnsafeRawBufferPointer(rebasing: buffer[0..<consumed])), fields: fields)
        let head = HTTPRequestHead(
            method: method, version: version, headers: headers, bodyFraming: semantics.framing,
            expectsContinue: semantics.expectsContinue, keepAlive: semantics.keepAlive, target: targetRange)
        return .complete(head, consumed: consumed)
    }

    /// request-line = method SP request-target SP HTTP-version CRLF (RFC 9112 §3)
    private mutating func parseRequestLine(maxLength: Int) throws(Stop) -> (Range<Int>, Range<Int>, HTTPVersion) {
        let limit = position + maxLength

        // A byte of the line; the CR ending a line of exactly `maxLength` is still allowed.
        @inline(__always)
        func lineByte(_ index: Int) throws(Stop) -> UInt8 {
            let byte = try byte(at: index)
            if index >= limit && byte != ASCII.cr { throw .invalid(.requestLineTooLong) }
            return byte
        }

        let methodStart = position
        while true {
            let byte = try lineByte(position)
            if byte == ASCII.space { break }
            guard ASCII.isToken(byte) else { throw .invalid(.invalidMethod) }
            position += 1
        }
        guard position > methodStart else { throw .invalid(.invalidMethod) }
        let method = methodStart..<position
        position += 1

        let targetStart = position
        while true {
            let byte = try lineByte(position)
            if byte == ASCII.space { break }
            guard ASCII.isTargetCharacter(byte) else { throw .invalid(.invalidTarget) }
            position += 1
        }
        guard position > targetStart else { throw .invalid(.invalidTarget) }
        let target = targetStart..<position
        position += 1

        let versionStart = position
        while true {
            let byte = try lineByte(position)
            if byte == ASCII.cr { break }
            // "HTTP/1.1" is 8 bytes: anything longer, or a space, is not a version.
            guard position - versionStart < 8, ASCII.isToken(byte) || byte == UInt8(ascii: "/") else {
                throw .invalid(byte == ASCII.lf ? .invalidLineEnding : .invalidVersion)
            }
            position += 1
        }
        let version = try Self.version(UnsafeRawBufferPointer(rebasing: buffer[versionStart..<position]))
        position += 1
        try consumeLF()
        return (method, target, version)
    }

    /// HTTP-version = "HTTP" "/" DIGIT "." DIGIT (RFC 9112 §2.3), case-sensitive. Well-formed versions other than
    /// 1.0 and 1.1 get 505.
    private static func version(_ bytes: UnsafeRawBufferPointer) throws(Stop) -> HTTPVersion {
        func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
        guard bytes.count == 8, ASCII.equals(UnsafeRawBufferPointer(rebasing: bytes[0..<5]), "HTTP/"),
            isDigit(bytes[5]),
            bytes[6] == UInt8(ascii: "."), isDigit(bytes[7])
        else { throw .invalid(.invalidVersion) }
        switch (bytes[5], bytes[7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .http1_1
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .http1_0
        default: throw .invalid(.unsupportedVersion)
        }
    }

    /// *( field-line CRLF ) CRLF, field-line = field-name ":" OWS field-value OWS (RFC 9112 §5)
    private mutating func parseFields(maxCount: Int) throws(Stop) -> [HTTPHeaders.Field] {
        var fields: [HTTPHeaders.Field] = []
        fields.reserveCapacity(16)
        while true {
            let first = try byte(at: position)
            if first == ASCII.cr {
                position += 1
                try consumeLF()
                return fields
            }
            if first == ASCII.lf { throw .invalid(.invalidLineEnding) }
            // A line starting with whitespace is obs-fold, or whitespace before the first field (RFC 9112 §2.2):
            // reject both rather than guess what a proxy made of them.
            if ASCII.isWhitespace(first) { throw .invalid(.obsoleteLineFolding) }
            if fields.count == maxCount { throw .invalid(.tooManyHeaders) }

            let nameStart = position
            while true {
                let byte = try byte(at: position)
                if byte == ASCII.colon { break }
                // Includes whitespace before the colon, which RFC 9112 §5.1 says to reject with 400.
                guard ASCII.isToken(byte) else { throw .invalid(.invalidHeaderName) }
                position += 1
            }
            guard position > nameStart else { throw .invalid(.invalidHeaderName) }
            let nameEnd = position
            position += 1

            while ASCII.isWhitespace(try byte(at: position)) { position += 1 }
            let valueStart = position
            var valueEnd = position
            while true {
                let byte = try byte(at: position)
                if byte == ASCII.cr { break }
                guard ASCII.isFieldValue(byte) else {
                    throw .invalid(byte == ASCII.lf ? .invalidLineEnding : .invalidHeaderValue)
                }
                position += 1
                if !ASCII.isWhitespace(byte) { valueEnd = position }
            }
            position += 1
            try consumeLF()
            fields.append(
                HTTPHeaders.Field(
                    nameStart: Int32(nameStart), nameEnd: Int32(nameEnd), valueStart: Int32(valueStart),
                    valueEnd: Int32(valueEnd)))
        }
    }
}

/// What the framing and connection headers mean, checked once the head is complete.
private struct Semantics {
    var framing = HTTPBodyFraming.none
    var expectsContinue = false
    var keepAlive: Bool

    init(
        buffer: UnsafeRawBufferPointer, fields: [HTTPHeaders.Field], method: HTTPMethod, version: HTTPVersion,
        maxBodyBytes: Int
    ) throws(Stop) {
        var hostCount = 0
        var contentLength: Int?
        var sawContentLength = false
        var codings = 0
        var chunkedCount = 0
        var chunkedIsLast = false
        var sawTransferEncoding = false
        var close = false
        var keepAliveToken = false
        var expectation: UnsafeRawBufferPointer?

        for field in fields {
            let name = UnsafeRawBufferPointer(rebasing: buffer[Int(field.nameStart)..<Int(field.nameEnd)])
            let value = UnsafeRawBufferPointer(rebasing: buffer[Int(field.valueStart)..<Int(field.valueEnd)])
            // Dispatch on length first: most fields match none of these and cost one comparison.
            switch name.count {
            case 4 where ASCII.equalsIgnoringCase(name, "host"):
                hostCount += 1
            case 14 where ASCII.equalsIgnoringCase(name, "content-length"):
                sawContentLength = true
                try Self.forEachListElement(value, keepEmpty: true) { element throws(Stop) in
                    let length = try Self.contentLength(element)
                    if let contentLength, contentLength != length { throw .invalid(.conflictingContentLength) }
                    contentLength = length
                }
            case 17 where ASCII.equalsIgnoringCase(name, "transfer-encoding"):
                sawTransferEncoding = true
                try Self.forEachListElement(value, keepEmpty: false) { coding in
                    codings += 1
                    chunkedIsLast = ASCII.equalsIgnoringCase(coding, "chunked")
                    if chunkedIsLast { chunkedCount += 1 }
                }
            case 10 where ASCII.equalsIgnoringCase(name, "connection"):
                try Self.forEachListElement(value, keepEmpty: false) { option in
                    if ASCII.equalsIgnoringCase(option, "close") { close = true }
                    if ASCII.equalsIgnoringCase(option, "keep-alive") { keepAliveToken = true }
                }
            case 6 where ASCII.equalsIgnoringCase(name, "expect"):
                expectation = value
            default:
                break
            }
        }

        // RFC 9112 §3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0.
        if hostCount > 1 || (version == .http1_1 && hostCount == 0) { throw .invalid(.invalidHost) }

        if sawTransferEncoding {
            if sawContentLength { throw .invalid(.contentLengthWithTransferEncoding) }
            // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
            if version == .http1_0 { throw .invalid(.invalidTransferEncoding) }
            // chunked must come last and only once, or the length cannot be known (400); any other coding is one
            // we do not implement (501).
            guard chunkedIsLast, chunkedCount == 1 else { throw .invalid(.invalidTransferEncoding) }
            if codings > 1 { throw .invalid(.unsupportedTransferEncoding) }
            framing = .chunked
        } else if let contentLength {
            if contentLength > maxBodyBytes { throw .invalid(.bodyTooLarge) }
            framing = contentLength > 0 ? .contentLength(contentLength) : .none
        } else if method.expectsContent {
            throw .invalid(.lengthRequired)
        }

        // RFC 9110 §10.1.1: only 100-continue is defined; HTTP/1.0 expectations are ignored.
        if let expectation, version == .http1_1 {
            guard ASCII.equalsIgnoringCase(expectation, "100-continue") else {
                throw .invalid(.unsupportedExpectation)
            }
            expectsContinue = true
        }

        keepAlive = version == .http1_1 ? !close : (keepAliveToken && !close)
    }

    /// Content-Length = 1*DIGIT (RFC 9110 §8.6); signs, spaces inside and overflow are invalid.
    private static func contentLength(_ bytes: UnsafeRawBufferPointer) throws(Stop) -> Int {
        guard !bytes.isEmpty else { throw .invalid(.invalidContentLength) }
        var value = 0
        for byte in bytes {
            let digit = byte &- 0x30
            guard digit < 10 else { throw .invalid(.invalidContentLength) }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
            guard !overflow1, !overflow2 else { throw .invalid(.invalidContentLength) }
            value = sum
        }
        return value
    }

    /// Calls `body` with each element of a comma-separated list (RFC 9110 §5.6.1), trimmed of OWS, without
    /// allocating.
    private static func forEachListElement(
        _ value: UnsafeRawBufferPointer, keepEmpty: Bool, _ body: (UnsafeRawBufferPointer) throws(Stop) -> Void
    ) throws(Stop) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count && value[end] != UInt8(ascii: ",") { end += 1 }
            var first = start
            var last = end
            while first < last && ASCII.isWhitespace(value[first]) { first += 1 }
            while last > first && ASCII.isWhitespace(value[last - 1]) { last -= 1 }
            if keepEmpty || first < last { try body(UnsafeRawBufferPointer(rebasing: value[first..<last])) }
            start = end + 1
        }
    }
}
