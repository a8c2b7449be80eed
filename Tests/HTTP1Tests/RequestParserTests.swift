import HTTP1
import Testing

struct ValidRequest: CustomTestStringConvertible, Sendable {
    var name: String
    var raw: String
    var method: HTTPMethod = .get
    var target = "/"
    var path = "/"
    var query: String? = nil
    var version = HTTPVersion.http1_1
    var framing = HTTPBodyFraming.none
    var keepAlive = true
    var expectsContinue = false
    var headerCount = 1
    var testDescription: String { name }
}

let validRequests: [ValidRequest] = [
    ValidRequest(name: "minimal GET", raw: "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
    ValidRequest(
        name: "webhook POST with query",
        raw: "POST /validate?timeout=10s HTTP/1.1\r\nHost: webhook.svc:443\r\n"
            + "Content-Type: application/json\r\nContent-Length: 42\r\nAccept-Encoding: gzip\r\n\r\n",
        method: .post, target: "/validate?timeout=10s", path: "/validate", query: "timeout=10s",
        framing: .contentLength(42), headerCount: 4),
    ValidRequest(
        name: "chunked POST", raw: "POST /v HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", method: .post,
        target: "/v", path: "/v", framing: .chunked, headerCount: 2),
    ValidRequest(
        name: "Transfer-Encoding is case-insensitive",
        raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n",
        method: .post, framing: .chunked, headerCount: 2),
    ValidRequest(
        name: "repeated equal Content-Length",
        raw: "PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5, 5\r\n\r\n",
        method: .put, target: "/x", path: "/x", framing: .contentLength(5), headerCount: 3),
    ValidRequest(
        name: "Content-Length 0 on POST", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", method: .post,
        headerCount: 2),
    ValidRequest(
        name: "HTTP/1.0 closes by default", raw: "GET / HTTP/1.0\r\n\r\n", version: .http1_0, keepAlive: false,
        headerCount: 0),
    ValidRequest(
        name: "HTTP/1.0 keep-alive", raw: "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", version: .http1_0,
        keepAlive: true),
    ValidRequest(
        name: "HTTP/1.1 Connection close among options",
        raw: "GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade, close\r\n\r\n",
        keepAlive: false, headerCount: 2),
    ValidRequest(
        name: "Expect 100-continue",
        raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n",
        method: .post, framing: .contentLength(3), expectsContinue: true, headerCount: 3),
    ValidRequest(
        name: "Expect ignored in HTTP/1.0", raw: "POST / HTTP/1.0\r\nContent-Length: 3\r\nExpect: something\r\n\r\n",
        method: .post, version: .http1_0, framing: .contentLength(3), keepAlive: false, headerCount: 2),
    ValidRequest(
        name: "leading empty lines are skipped", raw: "\r\n\r\nGET /a HTTP/1.1\r\nHost: a\r\n\r\n", target: "/a",
        path: "/a"),
    ValidRequest(
        name: "absolute-form target", raw: "GET http://example.com:8080/p/q?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n",
        target: "http://example.com:8080/p/q?x=1", path: "/p/q", query: "x=1"),
    ValidRequest(
        name: "absolute-form without path", raw: "GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n",
        target: "http://example.com", path: "/"),
    ValidRequest(
        name: "asterisk-form", raw: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", method: .options, target: "*", path: "*"),
    ValidRequest(
        name: "extension method", raw: "PROPFIND /d HTTP/1.1\r\nHost: a\r\n\r\n",
        method: HTTPMethod(rawValue: "PROPFIND"),
        target: "/d", path: "/d"),
    ValidRequest(
        name: "whitespace around values and empty value",
        raw: "GET / HTTP/1.1\r\nHost:a\r\nX-Empty:\r\nX-Pad: \t v \t\r\n\r\n",
        headerCount: 3),
    ValidRequest(
        name: "obs-text in a value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u{E9}\r\n\r\n", headerCount: 2),
]

struct InvalidRequest: CustomTestStringConvertible, Sendable {
    var name: String
    var raw: String
    var error: HTTPParseError
    var status: Int
    var testDescription: String { name }
}

let invalidRequests: [InvalidRequest] = [
    InvalidRequest(
        name: "lowercase is still a method, but a space first is not", raw: " GET / HTTP/1.1\r\n\r\n",
        error: .invalidMethod, status: 400),
    InvalidRequest(name: "method with a separator", raw: "GE(T / HTTP/1.1\r\n\r\n", error: .invalidMethod, status: 400),
    InvalidRequest(name: "two spaces after method", raw: "GET  / HTTP/1.1\r\n\r\n", error: .invalidTarget, status: 400),
    InvalidRequest(
        name: "control byte in target", raw: "GET /\u{01} HTTP/1.1\r\n\r\n", error: .invalidTarget, status: 400),
    InvalidRequest(
        name: "non-ASCII target", raw: "GET /caf\u{E9} HTTP/1.1\r\n\r\n", error: .invalidTarget, status: 400),
    InvalidRequest(name: "missing version", raw: "GET /\r\n\r\n", error: .invalidTarget, status: 400),
    InvalidRequest(name: "lowercase version", raw: "GET / http/1.1\r\n\r\n", error: .invalidVersion, status: 400),
    InvalidRequest(
        name: "version with trailing text", raw: "GET / HTTP/1.1 x\r\n\r\n", error: .invalidVersion, status: 400),
    InvalidRequest(name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", error: .unsupportedVersion, status: 505),
    InvalidRequest(name: "HTTP/1.2", raw: "GET / HTTP/1.2\r\nHost: a\r\n\r\n", error: .unsupportedVersion, status: 505),
    InvalidRequest(name: "HTTP/0.9", raw: "GET / HTTP/0.9\r\n\r\n", error: .unsupportedVersion, status: 505),
    InvalidRequest(
        name: "bare LF after request line", raw: "GET / HTTP/1.1\nHost: a\r\n\r\n", error: .invalidLineEnding,
        status: 400),
    InvalidRequest(
        name: "bare LF after a field", raw: "GET / HTTP/1.1\r\nHost: a\n\r\n", error: .invalidLineEnding, status: 400),
    InvalidRequest(
        name: "bare CR in a value", raw: "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", error: .invalidLineEnding, status: 400),
    InvalidRequest(
        name: "bare LF ending the head", raw: "GET / HTTP/1.1\r\nHost: a\r\n\n", error: .invalidLineEnding, status: 400),
    InvalidRequest(
        name: "space before colon", raw: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", error: .invalidHeaderName, status: 400),
    InvalidRequest(
        name: "empty field name", raw: "GET / HTTP/1.1\r\n: a\r\n\r\n", error: .invalidHeaderName, status: 400),
    InvalidRequest(
        name: "field without colon", raw: "GET / HTTP/1.1\r\nHost\r\n\r\n", error: .invalidHeaderName, status: 400),
    InvalidRequest(
        name: "control byte in a value", raw: "GET / HTTP/1.1\r\nHost: a\u{00}\r\n\r\n", error: .invalidHeaderValue,
        status: 400),
    InvalidRequest(
        name: "obs-fold", raw: "GET / HTTP/1.1\r\nHost: a\r\nX: b\r\n c\r\n\r\n", error: .obsoleteLineFolding,
        status: 400),
    InvalidRequest(
        name: "whitespace before first field", raw: "GET / HTTP/1.1\r\n Host: a\r\n\r\n", error: .obsoleteLineFolding,
        status: 400),
    InvalidRequest(name: "HTTP/1.1 without Host", raw: "GET / HTTP/1.1\r\n\r\n", error: .invalidHost, status: 400),
    InvalidRequest(
        name: "two Host fields", raw: "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", error: .invalidHost, status: 400),
    InvalidRequest(
        name: "negative Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
        error: .invalidContentLength, status: 400),
    InvalidRequest(
        name: "signed Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\n",
        error: .invalidContentLength, status: 400),
    InvalidRequest(
        name: "hex Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n",
        error: .invalidContentLength, status: 400),
    InvalidRequest(
        name: "empty Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n",
        error: .invalidContentLength, status: 400),
    InvalidRequest(
        name: "overflowing Content-Length",
        raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", error: .invalidContentLength,
        status: 400),
    InvalidRequest(
        name: "differing Content-Length fields",
        raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        error: .conflictingContentLength, status: 400),
    InvalidRequest(
        name: "differing Content-Length list", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\n",
        error: .conflictingContentLength, status: 400),
    InvalidRequest(
        name: "Transfer-Encoding with Content-Length",
        raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        error: .contentLengthWithTransferEncoding, status: 400),
    InvalidRequest(
        name: "Transfer-Encoding in HTTP/1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
        error: .invalidTransferEncoding, status: 400),
    InvalidRequest(
        name: "chunked not last", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        error: .invalidTransferEncoding, status: 400),
    InvalidRequest(
        name: "gzip alone", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        error: .invalidTransferEncoding, status: 400),
    InvalidRequest(
        name: "chunked twice",
        raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        error: .invalidTransferEncoding, status: 400),
    InvalidRequest(
        name: "empty Transfer-Encoding", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\n\r\n",
        error: .invalidTransferEncoding, status: 400),
    InvalidRequest(
        name: "gzip then chunked", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
        error: .unsupportedTransferEncoding, status: 501),
    InvalidRequest(
        name: "POST without length", raw: "POST / HTTP/1.1\r\nHost: a\r\n\r\n", error: .lengthRequired, status: 411),
    InvalidRequest(
        name: "PATCH without length", raw: "PATCH / HTTP/1.1\r\nHost: a\r\n\r\n", error: .lengthRequired, status: 411),
    InvalidRequest(
        name: "Content-Length over the limit", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 7340033\r\n\r\n",
        error: .bodyTooLarge, status: 413),
    InvalidRequest(
        name: "unknown expectation", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nExpect: 200-ok\r\n\r\n",
        error: .unsupportedExpectation, status: 417),
]

@Suite struct RequestParserTests {
    @Test(arguments: validRequests)
    func validRequestParsesTheSameWholeAndSplit(_ row: ValidRequest) throws {
        let bytes = row.raw.bytes
        guard case .complete(let head, let consumed) = parseSplitEverywhere(bytes) else {
            Issue.record("not complete: \(HTTP1RequestParser().parse(bytes))")
            return
        }
        #expect(consumed == bytes.count)
        #expect(head.method == row.method)
        #expect(head.target == row.target)
        #expect(head.path == row.path)
        #expect(head.query == row.query)
        #expect(head.version == row.version)
        #expect(head.bodyFraming == row.framing)
        #expect(head.keepAlive == row.keepAlive)
        #expect(head.expectsContinue == row.expectsContinue)
        #expect(head.headers.count == row.headerCount)
        // Bytes after the head (a body or the next request) change nothing.
        #expect(HTTP1RequestParser().parse(bytes + "GET / HTTP/1.1\r\n".bytes) == .complete(head, consumed: consumed))
    }

    @Test(arguments: invalidRequests)
    func invalidRequestFailsTheSameWholeAndSplit(_ row: InvalidRequest) {
        #expect(parseSplitEverywhere(row.raw.bytes) == .invalid(row.error))
        #expect(row.error.status.code == row.status)
    }

    @Test func headerLookupIgnoresCaseAndKeepsRepeats() throws {
        let raw = "GET / HTTP/1.1\r\nHost: a\r\nX-Tag: one\r\nx-tag:two\r\nCONTENT-TYPE: application/json \r\n\r\n"
        guard case .complete(let head, _) = HTTP1RequestParser().parse(raw.bytes) else {
            Issue.record("not complete")
            return
        }
        #expect(head.headers["content-type"] == "application/json")
        #expect(head.headers["Content-Type"] == "application/json")
        #expect(head.headers.values(for: "X-TAG") == ["one", "two"])
        #expect(head.headers["missing"] == nil)
        #expect(!head.headers.contains("x-ta"))
        #expect(head.headers.map { $0.name } == ["Host", "X-Tag", "x-tag", "CONTENT-TYPE"])
        #expect(head.headers.withValueBytes(of: "host") { $0.map(Array.init) } == "a".bytes)
    }

    @Test func queryItemsAreSplitAndDecoded() throws {
        let raw = "GET /validate?timeout=10s&name=a%20b+c&flag&empty=&timeout=20s HTTP/1.1\r\nHost: a\r\n\r\n"
        guard case .complete(let head, _) = HTTP1RequestParser().parse(raw.bytes) else {
            Issue.record("not complete")
            return
        }
        #expect(head.queryValue(for: "timeout") == "10s")
        #expect(
            head.queryItems.map { "\($0.name)=\($0.value)" } == [
                "timeout=10s", "name=a b c", "flag=", "empty=", "timeout=20s",
            ])
        #expect(head.queryValue(for: "absent") == nil)
    }

    @Test func pipelinedRequestsParseOneAfterAnother() throws {
        let stream =
            ("GET /a HTTP/1.1\r\nHost: a\r\n\r\n" + "POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
            + "\r\nGET /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").bytes
        let parser = HTTP1RequestParser()
        var offset = 0
        var seen: [String] = []
        while offset < stream.count {
            guard case .complete(let head, let consumed) = parser.parse(stream[offset...]) else {
                Issue.record("stuck at \(offset)")
                return
            }
            offset += consumed
            var body: [UInt8] = []
            var decoder = HTTP1BodyDecoder(framing: head.bodyFraming, maxBodyBytes: parser.limits.maxBodyBytes)
            guard case .complete(let bodyBytes) = decoder.decode(stream[offset...], into: &body) else {
                Issue.record("body incomplete")
                return
            }
            offset += bodyBytes
            seen.append("\(head.method) \(head.path) \(String(decoding: body, as: UTF8.self)) \(head.keepAlive)")
        }
        #expect(seen == ["GET /a  true", "POST /b hello true", "GET /c  false"])
    }

    @Test func emptyBufferNeedsMoreData() {
        #expect(HTTP1RequestParser().parse([UInt8]()) == .needMoreData)
        #expect(HTTP1RequestParser().parse("\r\n".bytes) == .needMoreData)
    }
}

@Suite struct LimitTests {
    static let small = HTTP1RequestParser(
        limits: .init(maxRequestLineLength: 32, maxHeaderBytes: 128, maxHeaderCount: 3, maxBodyBytes: 10))

    static func requestLine(length: Int) -> String {
        let fixed = "GET / HTTP/1.1".count
        return "GET /" + String(repeating: "a", count: length - fixed) + " HTTP/1.1"
    }

    @Test func requestLineAtTheLimitIsAccepted() {
        let raw = Self.requestLine(length: 32) + "\r\nHost: a\r\n\r\n"
        guard case .complete = parseSplitEverywhere(raw.bytes, parser: Self.small) else {
            Issue.record("expected complete")
            return
        }
    }

    @Test func requestLineOverTheLimitIs414() {
        let raw = Self.requestLine(length: 33) + "\r\nHost: a\r\n\r\n"
        #expect(parseSplitEverywhere(raw.bytes, parser: Self.small) == .invalid(.requestLineTooLong))
        // Detected before the line ends.
        #expect(Self.small.parse(String(repeating: "a", count: 40).bytes) == .invalid(.requestLineTooLong))
    }

    @Test func defaultRequestLineLimitIs8KiB() {
        let parser = HTTP1RequestParser()
        #expect(parser.limits.maxRequestLineLength == 8192)
        let atLimit = Self.requestLine(length: 8192) + "\r\nHost: a\r\n\r\n"
        let over = Self.requestLine(length: 8193) + "\r\nHost: a\r\n\r\n"
        #expect(parser.parse(atLimit.bytes) != .invalid(.requestLineTooLong))
        #expect(parser.parse(over.bytes) == .invalid(.requestLineTooLong))
    }

    @Test func headAtTheByteLimitIsAcceptedAndOneMoreIs431() {
        let prefix = "GET / HTTP/1.1\r\nHost: a\r\nX: "
        let padding = 128 - prefix.utf8.count - 4
        let atLimit = prefix + String(repeating: "v", count: padding) + "\r\n\r\n"
        let over = prefix + String(repeating: "v", count: padding + 1) + "\r\n\r\n"
        #expect(atLimit.utf8.count == 128)
        guard case .complete(_, 128) = parseSplitEverywhere(atLimit.bytes, parser: Self.small) else {
            Issue.record("expected complete")
            return
        }
        #expect(parseSplitEverywhere(over.bytes, parser: Self.small) == .invalid(.headersTooLarge))
    }

    @Test func endlessHeadIs431() {
        let raw =
            "GET / HTTP/1.1\r\n"
            + String(repeating: "X-Filler: " + String(repeating: "v", count: 400) + "\r\n", count: 50)
        #expect(HTTP1RequestParser().parse(raw.bytes) == .invalid(.headersTooLarge))
    }

    @Test func headerCountLimit() {
        let three = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n"
        let four = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        guard case .complete = parseSplitEverywhere(three.bytes, parser: Self.small) else {
            Issue.record("expected complete")
            return
        }
        #expect(parseSplitEverywhere(four.bytes, parser: Self.small) == .invalid(.tooManyHeaders))
        #expect(HTTPParseError.tooManyHeaders.status == .requestHeaderFieldsTooLarge)
    }

    @Test func defaultHeaderCountLimitIs100() {
        let fields = (1...99).map { "X-\($0): v\r\n" }.joined()
        let hundred = "GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n"
        let hundredOne = "GET / HTTP/1.1\r\nHost: a\r\nX-0: v\r\n" + fields + "\r\n"
        guard case .complete(let head, _) = HTTP1RequestParser().parse(hundred.bytes) else {
            Issue.record("expected complete")
            return
        }
        #expect(head.headers.count == 100)
        #expect(HTTP1RequestParser().parse(hundredOne.bytes) == .invalid(.tooManyHeaders))
    }

    @Test func contentLengthAtAndOverTheBodyLimit() {
        let at = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n"
        let over = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"
        guard case .complete(let head, _) = Self.small.parse(at.bytes) else {
            Issue.record("expected complete")
            return
        }
        #expect(head.bodyFraming == .contentLength(10))
        #expect(Self.small.parse(over.bytes) == .invalid(.bodyTooLarge))
    }
}
