/// The HTTP versions this server speaks.
public enum HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    case http1_0
    case http1_1

    public var description: String { self == .http1_0 ? "HTTP/1.0" : "HTTP/1.1" }
}

/// How the body that follows a request head is delimited (RFC 9112 §6.3).
public enum HTTPBodyFraming: Sendable, Hashable {
    /// No body.
    case none
    case contentLength(Int)
    case chunked
}

/// A parsed request line and header section. Owns a copy of the head's bytes, so it outlives the read buffer.
public struct HTTPRequestHead: Sendable, Hashable {
    public let method: HTTPMethod
    public let version: HTTPVersion
    public let headers: HTTPHeaders
    public let bodyFraming: HTTPBodyFraming
    /// `Expect: 100-continue` on an HTTP/1.1 request: send `100 Continue` (or the final status) before reading the
    /// body. HTTP/1.0 expectations are ignored, as RFC 9110 §10.1.1 requires.
    public let expectsContinue: Bool
    /// Whether the connection may serve another request after this one: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive` (RFC 9112 §9.3).
    public let keepAlive: Bool

    let targetStart: Int
    let pathStart: Int
    let queryStart: Int?  // index after "?"
    let targetEnd: Int

    init(
        method: HTTPMethod, version: HTTPVersion, headers: HTTPHeaders, bodyFraming: HTTPBodyFraming,
        expectsContinue: Bool, keepAlive: Bool, target: Range<Int>
    ) {
        self.method = method
        self.version = version
        self.headers = headers
        self.bodyFraming = bodyFraming
        self.expectsContinue = expectsContinue
        self.keepAlive = keepAlive
        targetStart = target.lowerBound
        targetEnd = target.upperBound
        let bytes = headers.bytes
        var pathStart = target.lowerBound
        // absolute-form (RFC 9112 §3.2.2): skip "scheme://authority" so `path` is the same as for origin-form.
        if bytes[pathStart] != UInt8(ascii: "/"), bytes[pathStart] != UInt8(ascii: "*"),
            let colon = bytes[target].firstIndex(of: ASCII.colon),
            bytes[colon...].starts(with: "://".utf8)
        {
            pathStart =
                bytes[(colon + 3)..<target.upperBound].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
                ?? target.upperBound
        }
        self.pathStart = pathStart
        queryStart = bytes[pathStart..<target.upperBound].firstIndex(of: UInt8(ascii: "?")).map { $0 + 1 }
    }

    /// The request-target as sent.
    public var target: String {
        String(decoding: headers.bytes[targetStart..<targetEnd], as: UTF8.self)
    }

    /// The path, still percent-encoded, without the query; "/" for an absolute-form target with no path.
    public var path: String {
        let end = queryStart.map { $0 - 1 } ?? targetEnd
        return end > pathStart ? String(decoding: headers.bytes[pathStart..<end], as: UTF8.self) : "/"
    }

    /// The query after "?", still encoded, or nil.
    public var query: String? {
        queryStart.map { String(decoding: headers.bytes[$0..<targetEnd], as: UTF8.self) }
    }

    /// `name=value` pairs of the query, split on "&", percent-decoded, "+" read as space.
    public var queryItems: [(name: String, value: String)] {
        guard let queryStart else { return [] }
        return headers.bytes[queryStart..<targetEnd].split(separator: UInt8(ascii: "&")).map { item in
            let equals = item.firstIndex(of: UInt8(ascii: "="))
            let name = item[..<(equals ?? item.endIndex)]
            let value = equals.map { item[($0 + 1)...] } ?? []
            return (Self.percentDecoded(name), Self.percentDecoded(value))
        }
    }

    /// The first query value for `name` (`timeout` in `?timeout=10s`).
    public func queryValue(for name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(decoding: bytes, as: UTF8.self)
        }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
                let high = ASCII.hexValue(bytes[index + 1]), let low = ASCII.hexValue(bytes[index + 2])
            {
                decoded.append(UInt8(high << 4 | low))
                index += 3
            } else {
                decoded.append(byte == UInt8(ascii: "+") ? ASCII.space : byte)
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}
