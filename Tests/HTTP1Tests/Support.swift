import HTTP1
import Testing

extension String {
    /// The string's UTF-8 bytes, for requests written as literals with explicit "\r\n".
    var bytes: [UInt8] { Array(utf8) }
}

/// Parses `bytes` whole, then every proper prefix, recording an issue unless each prefix gives `.needMoreData` or
/// exactly the whole result. Returns the whole result.
func parseSplitEverywhere(
    _ bytes: [UInt8], parser: HTTP1RequestParser = HTTP1RequestParser(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> HTTP1ParseResult {
    let whole = parser.parse(bytes)
    for length in 0..<bytes.count {
        let partial = parser.parse(bytes[..<length])
        if partial != .needMoreData && partial != whole {
            Issue.record(
                "prefix of \(length) bytes gave \(partial), whole gave \(whole)", sourceLocation: sourceLocation)
            break
        }
    }
    return whole
}

/// Decodes `encoded` fed as `pieces` cut at `cuts`, returning the body and the final result.
func decodeBody(
    _ encoded: [UInt8], framing: HTTPBodyFraming, cuts: [Int], maxBodyBytes: Int = 1 << 20
) -> (body: [UInt8], result: HTTPBodyResult) {
    var decoder = HTTP1BodyDecoder(framing: framing, maxBodyBytes: maxBodyBytes)
    var body: [UInt8] = []
    var start = 0
    for end in cuts + [encoded.count] where end >= start {
        let result = decoder.decode(encoded[start..<end], into: &body)
        switch result {
        case .needMoreData:
            start = end
        case .complete(let consumed):
            return (body, .complete(consumed: start + consumed))
        case .invalid:
            return (body, result)
        }
    }
    return (body, .needMoreData)
}
