/// A request method (RFC 9110 §9). Open-ended: any token is a method; routing decides what is allowed.
public struct HTTPMethod: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")
    public static let options = HTTPMethod(rawValue: "OPTIONS")
    public static let connect = HTTPMethod(rawValue: "CONNECT")
    public static let trace = HTTPMethod(rawValue: "TRACE")

    public var description: String { rawValue }

    /// Methods whose requests carry content, so a missing length is answered with 411.
    var expectsContent: Bool { self == .post || self == .put || self == .patch }

    /// Methods are case-sensitive (RFC 9110 §9.1); the common ones are matched without building a new String.
    init(_ bytes: UnsafeRawBufferPointer) {
        if ASCII.equals(bytes, "POST") {
            self = .post
        } else if ASCII.equals(bytes, "GET") {
            self = .get
        } else if ASCII.equals(bytes, "PUT") {
            self = .put
        } else if ASCII.equals(bytes, "HEAD") {
            self = .head
        } else {
            self.init(rawValue: String(decoding: bytes, as: UTF8.self))
        }
    }
}
