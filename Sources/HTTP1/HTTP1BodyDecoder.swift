/// Outcome of `HTTP1BodyDecoder.decode(_:into:)`.
public enum HTTPBodyResult: Sendable, Hashable {
    /// The body ended within the first `consumed` input bytes; what follows belongs to the next request.
    case complete(consumed: Int)
    /// All input was consumed and more is needed.
    case needMoreData
    /// Answer with `error.status` and close the connection.
    case invalid(HTTPParseError)
}

/// Reads a request body framed by Content-Length or chunked transfer coding (RFC 9112 §6, §7.1), appending the
/// payload to the caller's array. Unlike the head parser it keeps state, so input is given once, in order, in
/// pieces of any size. Chunk extensions are ignored and trailer fields discarded.
public struct HTTP1BodyDecoder: Sendable {
    private enum State: Sendable {
        case remaining(Int)
        case chunkSize(value: Int, digits: Int)
        case chunkSizeWhitespace(Int)
        case chunkExtension(Int)
        case chunkSizeLF(Int)
        case chunkData(Int)
        case chunkDataCR
        case chunkDataLF
        case trailerLineStart
        case trailerLine
        case trailerLF
        case finalLF
        case done
    }

    private var state: State
    private let maxBodyBytes: Int
    private let maxMetadataBytes: Int
    private var metadataBytes = 0
    private var failure: HTTPParseError?
    /// Payload bytes produced so far.
    public private(set) var bodyBytes = 0

    /// - Parameters:
    ///   - maxBodyBytes: payload limit; exceeding it is `.bodyTooLarge` (413), detected from the chunk size
    ///     before the chunk's data is read.
    ///   - maxMetadataBytes: limit on chunk-size lines, extensions and trailers together, which carry no payload
    ///     but could otherwise grow forever (400, or 431 in the trailers).
    public init(framing: HTTPBodyFraming, maxBodyBytes: Int, maxMetadataBytes: Int = 16 * 1024) {
        self.maxBodyBytes = maxBodyBytes
        self.maxMetadataBytes = maxMetadataBytes
        switch framing {
        case .none: state = .done
        case .contentLength(let length): state = length > 0 ? .remaining(length) : .done
        case .chunked: state = .chunkSize(value: 0, digits: 0)
        }
    }

    public var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    public mutating func decode(_ input: ArraySlice<UInt8>, into body: inout [UInt8]) -> HTTPBodyResult {
        input.withUnsafeBytes { decode($0, into: &body) }
    }

    public mutating func decode(_ input: [UInt8], into body: inout [UInt8]) -> HTTPBodyResult {
        input.withUnsafeBytes { decode($0, into: &body) }
    }

    /// Consumes `input`, appending payload to `body`. After `.complete` or `.invalid`, further calls return the
    /// same answer for `.invalid` and `.complete(consumed: 0)` for a finished body.
    public mutating func decode(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) -> HTTPBodyResult {
        var index = 0
        func invalid(_ error: HTTPParseError) -> HTTPBodyResult {
            state = .done
            failure = error
            return .invalid(error)
        }
        if let failure { return .invalid(failure) }
        while true {
            if case .done = state { return .complete(consumed: index) }
            guard index < input.count else { return .needMoreData }
            switch state {
            case .remaining(let remaining):
                let count = min(remaining, input.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<(index + count)]))
                bodyBytes += count
                index += count
                state = remaining == count ? .done : .remaining(remaining - count)
                continue
            case .chunkData(let remaining):
                let count = min(remaining, input.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<(index + count)]))
                bodyBytes += count
                index += count
                state = remaining == count ? .chunkDataCR : .chunkData(remaining - count)
                continue
            default:
                break
            }

            // Everything else is framing, read byte by byte and counted against the metadata limit.
            let byte = input[index]
            index += 1
            metadataBytes += 1
            if metadataBytes > maxMetadataBytes {
                if case .trailerLine = state { return invalid(.headersTooLarge) }
                return invalid(.invalidChunk)
            }
            switch state {
            case .chunkSize(let value, let digits):
                if let digit = ASCII.hexValue(byte) {
                    let value = value * 16 + digit
                    // Checked per digit, so the value never gets near overflow.
                    if value > maxBodyBytes - bodyBytes { return invalid(.bodyTooLarge) }
                    state = .chunkSize(value: value, digits: digits + 1)
                } else if digits == 0 {
                    return invalid(.invalidChunk)
                } else if byte == ASCII.cr {
                    state = .chunkSizeLF(value)
                } else if ASCII.isWhitespace(byte) {
                    state = .chunkSizeWhitespace(value)
                } else if byte == UInt8(ascii: ";") {
                    state = .chunkExtension(value)
                } else {
                    return invalid(.invalidChunk)
                }
            case .chunkSizeWhitespace(let value):
                // BWS before a chunk extension (RFC 9112 §7.1.1).
                if byte == UInt8(ascii: ";") {
                    state = .chunkExtension(value)
                } else if byte == ASCII.cr {
                    state = .chunkSizeLF(value)
                } else if !ASCII.isWhitespace(byte) {
                    return invalid(.invalidChunk)
                }
            case .chunkExtension(let value):
                if byte == ASCII.cr {
                    state = .chunkSizeLF(value)
                } else if !ASCII.isFieldValue(byte) {
                    return invalid(.invalidChunk)
                }
            case .chunkSizeLF(let value):
                guard byte == ASCII.lf else { return invalid(.invalidChunk) }
                state = value == 0 ? .trailerLineStart : .chunkData(value)
            case .chunkDataCR:
                guard byte == ASCII.cr else { return invalid(.invalidChunk) }
                state = .chunkDataLF
            case .chunkDataLF:
                guard byte == ASCII.lf else { return invalid(.invalidChunk) }
                state = .chunkSize(value: 0, digits: 0)
            case .trailerLineStart:
                if byte == ASCII.cr {
                    state = .finalLF
                } else if ASCII.isToken(byte) {
                    state = .trailerLine
                } else {
                    return invalid(.invalidChunk)
                }
            case .trailerLine:
                if byte == ASCII.cr {
                    state = .trailerLF
                } else if !ASCII.isFieldValue(byte) {
                    return invalid(.invalidChunk)
                }
            case .trailerLF:
                guard byte == ASCII.lf else { return invalid(.invalidChunk) }
                state = .trailerLineStart
            case .finalLF:
                guard byte == ASCII.lf else { return invalid(.invalidChunk) }
                state = .done
            case .remaining, .chunkData, .done:
                preconditionFailure("handled above")
            }
        }
    }
}
