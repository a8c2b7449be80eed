import HTTP1
import Testing

@Suite struct ResponseWriterTests {
    @Test func okWithJSONBody() {
        let bytes = HTTP1ResponseWriter.response(
            status: .ok, contentType: "application/json", body: "{}".bytes, date: "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\n\r\n{}")
    }

    @Test func closingResponseWithExtraHeaders() {
        let bytes = HTTP1ResponseWriter.response(
            status: .serviceUnavailable, headers: [("Retry-After", "1")], closeConnection: true)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n"
        )
    }

    @Test func keptAliveHTTP10ClientIsToldSo() {
        let bytes = HTTP1ResponseWriter.response(status: .notFound, requestVersion: .http1_0)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func appendsToAnExistingBuffer() {
        var buffer = HTTP1ResponseWriter.continueResponse
        HTTP1ResponseWriter.write(status: .ok, body: "x".bytes, into: &buffer)
        #expect(
            String(decoding: buffer, as: UTF8.self)
                == "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")
    }

    @Test func errorResponseCarriesTheStatusAndCloses() {
        let text = String(decoding: HTTP1ResponseWriter.errorResponse(for: .tooManyHeaders), as: UTF8.self)
        #expect(
            text == "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 23\r\nConnection: close\r\n\r\ntoo many header fields\n")
    }

    @Test(arguments: [
        (100, "Continue"), (200, "OK"), (400, "Bad Request"), (404, "Not Found"), (405, "Method Not Allowed"),
        (408, "Request Timeout"), (411, "Length Required"), (413, "Content Too Large"), (414, "URI Too Long"),
        (415, "Unsupported Media Type"), (417, "Expectation Failed"), (431, "Request Header Fields Too Large"),
        (500, "Internal Server Error"), (501, "Not Implemented"), (503, "Service Unavailable"),
        (505, "HTTP Version Not Supported"), (299, ""),
    ])
    func reasonPhrases(code: Int, phrase: String) {
        #expect(HTTPStatus(code: code).reasonPhrase == phrase)
    }

    @Test(arguments: [
        (HTTPParseError.invalidChunk, 400), (.methodNotAllowed, 405), (.lengthRequired, 411), (.bodyTooLarge, 413),
        (.requestLineTooLong, 414), (.unsupportedExpectation, 417), (.headersTooLarge, 431),
        (.unsupportedTransferEncoding, 501), (.unsupportedVersion, 505),
    ])
    func errorsMapToStatuses(error: HTTPParseError, code: Int) {
        #expect(error.status.code == code)
    }

    @Test(arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_767_225_599, "Wed, 31 Dec 2025 23:59:59 GMT"),
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 GMT"),
    ])
    func httpDate(seconds: Int, text: String) {
        #expect(HTTPDate.format(secondsSince1970: seconds) == text)
    }
}
