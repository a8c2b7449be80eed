/// A forward-only JSON reader over a caller's bytes, for decoders written by hand (no intermediate tree, no
/// `Codable` boxes). It only ever accepts what Foundation's `JSONDecoder` accepts, and gives up (`Unsupported`) on
/// anything it is not sure of: invalid or unusual JSON (lone surrogates, non-integer numbers where integers are
/// wanted, duplicate known keys, very deep nesting). Callers then decode the same bytes with `JSONDecoder`, which
/// has the final word and the error messages, so the fast path changes speed, never results.
///
/// The bytes are only read during the reader's lifetime; the caller keeps them alive (`withUnsafeBytes`).
public struct JSONReader {
    /// The reader gave up; decode the same bytes with `JSONDecoder` instead.
    public struct Unsupported: Error, Sendable {
        public init() {}
    }

    private let bytes: UnsafeRawBufferPointer
    public private(set) var index: Int
    private var depth = 0
    /// Deeper than this, leave it to `JSONDecoder` (which has its own limit and message).
    static let maxDepth = 256

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.index = 0
    }

    /// The reader positioned at `offset` of the same bytes (a value found earlier, decoded later).
    public func at(_ offset: Int) -> JSONReader {
        var reader = JSONReader(bytes)
        reader.index = offset
        return reader
    }

    // MARK: - Structure

    /// Only whitespace is left.
    public mutating func expectEnd() throws(Unsupported) {
        skipWhitespace()
        guard index == bytes.count else { throw Unsupported() }
    }

    /// Consumes `null` and returns true when the next value is null.
    public mutating func readNull() throws(Unsupported) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    /// Reads an object, calling `body` for each key with the reader positioned at its value; `body` must consume
    /// the value. Keys with escapes are not supported.
    public mutating func readObject(_ body: (inout JSONReader, JSONKey) throws(Unsupported) -> Void)
        throws(Unsupported)
    {
        skipWhitespace()
        try consume(UInt8(ascii: "{"))
        try enter()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            let key = try readKey()
            skipWhitespace()
            try consume(UInt8(ascii: ":"))
            try body(&self, key)
            skipWhitespace()
            guard index < bytes.count else { throw Unsupported() }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { break }
            throw Unsupported()
        }
        depth -= 1
    }

    /// Reads an array, calling `body` once per element with the reader positioned at it; `body` must consume it.
    public mutating func readArray(_ body: (inout JSONReader) throws(Unsupported) -> Void) throws(Unsupported) {
        skipWhitespace()
        try consume(UInt8(ascii: "["))
        try enter()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        while true {
            try body(&self)
            skipWhitespace()
            guard index < bytes.count else { throw Unsupported() }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { break }
            throw Unsupported()
        }
        depth -= 1
    }

    // MARK: - Scalars

    public mutating func readString() throws(Unsupported) -> String {
        skipWhitespace()
        try consume(UInt8(ascii: "\""))
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if ascii { return String(decoding: raw, as: UTF8.self) }
                guard let string = String(validating: raw, as: UTF8.self) else { throw Unsupported() }
                return string
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            if byte < 0x20 { throw Unsupported() }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw Unsupported()
    }

    public mutating func readBool() throws(Unsupported) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw Unsupported() }
        if bytes[index] == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// A plain JSON integer (no fraction, no exponent, no `-0`) that fits in Int64.
    public mutating func readInt64() throws(Unsupported) -> Int64 {
        skipWhitespace()
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        let start = index
        var value: Int64 = 0
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { throw Unsupported() }
            value = sum
            index += 1
        }
        let count = index - start
        guard count > 0, !(count > 1 && bytes[start] == UInt8(ascii: "0")), !(negative && value == 0) else {
            throw Unsupported()
        }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw Unsupported()
            default: break
            }
        }
        return negative ? -value : value
    }

    public mutating func readInt32() throws(Unsupported) -> Int32 {
        let value = try readInt64()
        guard let narrow = Int32(exactly: value) else { throw Unsupported() }
        return narrow
    }

    /// The first byte of the next value (`{`, `[`, `"`, a digit, `t`, `f`, `n`), nil at the end.
    public mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Skips one value of any type, checking its syntax as strictly as `JSONDecoder` does.
    public mutating func skipValue() throws(Unsupported) {
        skipWhitespace()
        guard index < bytes.count else { throw Unsupported() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try readObject { reader, _ throws(Unsupported) in try reader.skipValue() }
        case UInt8(ascii: "["):
            try readArray { reader throws(Unsupported) in try reader.skipValue() }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"):
            try literal("true")
        case UInt8(ascii: "f"):
            try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
        default:
            try skipNumber()
        }
    }

    // MARK: - Pieces

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8) throws(Unsupported) {
        guard index < bytes.count, bytes[index] == byte else { throw Unsupported() }
        index += 1
    }

    private mutating func enter() throws(Unsupported) {
        depth += 1
        guard depth <= Self.maxDepth else { throw Unsupported() }
    }

    private mutating func literal(_ word: StaticString) throws(Unsupported) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw Unsupported() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw Unsupported()
        }
        index += count
    }

    private mutating func readKey() throws(Unsupported) -> JSONKey {
        try consume(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let key = JSONKey(bytes: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                index += 1
                return key
            }
            // Escaped keys (`"\u006eame"`) and raw control characters: leave them to JSONDecoder.
            if byte == UInt8(ascii: "\\") || byte < 0x20 { throw Unsupported() }
            index += 1
        }
        throw Unsupported()
    }

    /// Checks a string without building it; only non-ASCII text pays for a String (to validate its UTF-8).
    private mutating func skipString() throws(Unsupported) {
        try consume(UInt8(ascii: "\""))
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") {
                if !ascii { index = start - 1; _ = try readString() }
                return
            }
            if byte == UInt8(ascii: "\\") {
                guard index < bytes.count else { throw Unsupported() }
                if bytes[index] == UInt8(ascii: "u") {
                    // Surrogate pairing is checked by the full reader.
                    index = start - 1
                    _ = try readString()
                    return
                }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                default:
                    throw Unsupported()
                }
                continue
            }
            if byte < 0x20 { throw Unsupported() }
            if byte >= 0x80 { ascii = false }
        }
        throw Unsupported()
    }

    private mutating func readEscapedString(from start: Int) throws(Unsupported) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(index - start + 32)
        utf8.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: utf8, as: UTF8.self) else { throw Unsupported() }
                return string
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Unsupported() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by `\u` and a low one; anything else is left to JSONDecoder.
                        try consume(UInt8(ascii: "\\"))
                        try consume(UInt8(ascii: "u"))
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Unsupported() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw Unsupported()
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw Unsupported() }
                    utf8.append(contentsOf: UTF8.encode(unicode)!)
                default:
                    throw Unsupported()
                }
            default:
                if byte < 0x20 { throw Unsupported() }
                // Copy the run up to the next quote, escape or control character in one go.
                let runStart = index - 1
                while index < bytes.count, case let next = bytes[index], next != UInt8(ascii: "\""),
                    next != UInt8(ascii: "\\"), next >= 0x20
                {
                    index += 1
                }
                utf8.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<index]))
            }
        }
        throw Unsupported()
    }

    private mutating func readHex4() throws(Unsupported) -> UInt32 {
        guard bytes.count - index >= 4 else { throw Unsupported() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unsupported()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// RFC 8259 section 6: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func skipNumber() throws(Unsupported) {
        func digits(_ reader: inout JSONReader) -> Int {
            let start = reader.index
            while reader.index < reader.bytes.count, reader.bytes[reader.index] &- UInt8(ascii: "0") < 10 {
                reader.index += 1
            }
            return reader.index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let start = index
        let integer = digits(&self)
        guard integer > 0, !(integer > 1 && bytes[start] == UInt8(ascii: "0")) else { throw Unsupported() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw Unsupported() }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits(&self) > 0 else { throw Unsupported() }
        }
    }
}

/// An object key as it appears in the bytes (without escapes), compared without making a String.
public struct JSONKey {
    let bytes: UnsafeRawBufferPointer

    @inline(__always)
    public static func == (key: JSONKey, name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard key.bytes.count == count else { return false }
        let expected = name.utf8Start
        for offset in 0..<count where key.bytes[offset] != expected[offset] { return false }
        return true
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// True when the key is valid UTF-8 (map keys become Strings; JSONDecoder rejects invalid ones).
    public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }
}
