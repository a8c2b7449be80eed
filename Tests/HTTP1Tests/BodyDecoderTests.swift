import HTTP1
import Testing

struct ChunkedBody: CustomTestStringConvertible, Sendable {
    var name: String
    var encoded: String
    /// The decoded body, or nil when `error` is expected.
    var body: String?
    var error: HTTPParseError? = nil
    var maxBodyBytes = 1 << 20
    var testDescription: String { name }
}

let chunkedBodies: [ChunkedBody] = [
    ChunkedBody(name: "one chunk", encoded: "5\r\nhello\r\n0\r\n\r\n", body: "hello"),
    ChunkedBody(
        name: "several chunks, mixed-case hex", encoded: "3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n",
        body: "abc0123456789"),
    ChunkedBody(
        name: "upper and lower hex", encoded: "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
        body: "abcdefghijklmnopqrstuvwxyz"),
    ChunkedBody(name: "empty body", encoded: "0\r\n\r\n", body: ""),
    ChunkedBody(name: "leading zeros", encoded: "0003\r\nabc\r\n000\r\n\r\n", body: "abc"),
    ChunkedBody(name: "extensions are ignored", encoded: "3;name=value;flag\r\nabc\r\n0;last\r\n\r\n", body: "abc"),
    ChunkedBody(name: "whitespace before an extension", encoded: "3 \t;x=\"quoted\"\r\nabc\r\n0\r\n\r\n", body: "abc"),
    ChunkedBody(
        name: "trailers are discarded", encoded: "3\r\nabc\r\n0\r\nX-Checksum: 1\r\nX-More: 2\r\n\r\n", body: "abc"),
    ChunkedBody(name: "chunk data may hold CRLF", encoded: "4\r\n\r\n\r\n\r\n0\r\n\r\n", body: "\r\n\r\n"),
    ChunkedBody(
        name: "at the body limit", encoded: "5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n", body: "helloworld",
        maxBodyBytes: 10),
    ChunkedBody(name: "no size", encoded: "\r\nabc\r\n0\r\n\r\n", body: nil, error: .invalidChunk),
    ChunkedBody(name: "non-hex size", encoded: "g\r\n", body: nil, error: .invalidChunk),
    ChunkedBody(name: "negative size", encoded: "-1\r\n", body: nil, error: .invalidChunk),
    ChunkedBody(name: "bare LF after size", encoded: "3\nabc\r\n0\r\n\r\n", body: nil, error: .invalidChunk),
    ChunkedBody(name: "data longer than its size", encoded: "3\r\nabcd\r\n0\r\n\r\n", body: nil, error: .invalidChunk),
    ChunkedBody(name: "missing CRLF after data", encoded: "3\r\nabc0\r\n\r\n", body: nil, error: .invalidChunk),
    ChunkedBody(
        name: "control byte in an extension", encoded: "3;\u{01}\r\nabc\r\n0\r\n\r\n", body: nil, error: .invalidChunk),
    ChunkedBody(name: "bad trailer line", encoded: "0\r\n:bad\r\n\r\n", body: nil, error: .invalidChunk),
    ChunkedBody(name: "missing final LF", encoded: "0\r\n\rX", body: nil, error: .invalidChunk),
    ChunkedBody(
        name: "one chunk over the limit", encoded: "b\r\nhello world\r\n0\r\n\r\n", body: nil, error: .bodyTooLarge,
        maxBodyBytes: 10),
    ChunkedBody(
        name: "chunks adding up over the limit", encoded: "6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n", body: nil,
        error: .bodyTooLarge, maxBodyBytes: 10),
    ChunkedBody(
        name: "size that would overflow", encoded: "fffffffffffffffffffff\r\n", body: nil, error: .bodyTooLarge),
    ChunkedBody(
        name: "endless extension", encoded: "1;" + String(repeating: "x", count: 20_000), body: nil,
        error: .invalidChunk),
    ChunkedBody(
        name: "endless trailer", encoded: "0\r\nX: " + String(repeating: "x", count: 20_000), body: nil,
        error: .headersTooLarge),
]

@Suite struct BodyDecoderTests {
    /// Every way of cutting the input in two, and byte by byte, must decode like the whole; so must the input
    /// followed by the start of a pipelined request, which the decoder must leave alone.
    @Test(arguments: chunkedBodies)
    func chunkedBodyDecodesTheSameHoweverItIsSplit(_ row: ChunkedBody) {
        let encoded = row.encoded.bytes
        let next = "GET / HTTP/1.1\r\n".bytes
        let whole = decodeBody(encoded + next, framing: .chunked, cuts: [], maxBodyBytes: row.maxBodyBytes)
        if let body = row.body {
            #expect(whole.result == .complete(consumed: encoded.count))
            #expect(whole.body == body.bytes)
        } else {
            #expect(whole.result == .invalid(row.error!))
        }
        // Byte-by-byte feeding is the worst case; only short inputs, or the test becomes quadratic for nothing.
        let splits = encoded.count <= 100 ? Array(0...encoded.count) : [1, encoded.count / 2, encoded.count - 1]
        for cut in splits {
            let split = decodeBody(encoded + next, framing: .chunked, cuts: [cut], maxBodyBytes: row.maxBodyBytes)
            #expect(split.result == whole.result, "cut at \(cut)")
            if row.body != nil { #expect(split.body == whole.body, "cut at \(cut)") }
        }
        if encoded.count <= 100 {
            let byByte = decodeBody(
                encoded + next, framing: .chunked, cuts: Array(1..<(encoded.count + next.count)),
                maxBodyBytes: row.maxBodyBytes)
            #expect(byByte.result == whole.result)
            if row.body != nil { #expect(byByte.body == whole.body) }
        }
    }

    @Test func truncatedChunkedBodyNeedsMoreData() {
        let encoded = "5\r\nhello\r\n0\r\n\r\n".bytes
        for length in 0..<encoded.count {
            #expect(decodeBody(Array(encoded[..<length]), framing: .chunked, cuts: []).result == .needMoreData)
        }
    }

    @Test func contentLengthBodyStopsAtItsLength() {
        let input = "hello worldGET".bytes
        for cut in 0...input.count {
            let decoded = decodeBody(input, framing: .contentLength(11), cuts: [cut])
            #expect(decoded.result == .complete(consumed: 11))
            #expect(decoded.body == "hello world".bytes)
        }
        #expect(decodeBody("hel".bytes, framing: .contentLength(11), cuts: []).result == .needMoreData)
    }

    @Test func noBodyConsumesNothing() {
        var decoder = HTTP1BodyDecoder(framing: .none, maxBodyBytes: 10)
        var body: [UInt8] = []
        #expect(decoder.isComplete)
        #expect(decoder.decode("GET".bytes, into: &body) == .complete(consumed: 0))
    }

    @Test func decoderRemembersFailure() {
        var decoder = HTTP1BodyDecoder(framing: .chunked, maxBodyBytes: 10)
        var body: [UInt8] = []
        #expect(decoder.decode("z".bytes, into: &body) == .invalid(.invalidChunk))
        #expect(decoder.decode("0\r\n\r\n".bytes, into: &body) == .invalid(.invalidChunk))
    }
}
