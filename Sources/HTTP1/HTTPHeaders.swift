/// Header fields of a parsed request, kept as one copy of the request head plus offsets; Strings are built only
/// when a value is asked for. Names compare case-insensitively (RFC 9110 §5.1); order and repeats are kept.
public struct HTTPHeaders: Sendable, Hashable, Sequence {
    struct Field: Sendable, Hashable {
        var nameStart: Int32
        var nameEnd: Int32
        var valueStart: Int32
        var valueEnd: Int32
    }

    let bytes: [UInt8]
    let fields: [Field]

    init(bytes: [UInt8], fields: [Field]) {
        self.bytes = bytes
        self.fields = fields
    }

    /// Builds headers from pairs, for tests and for code that makes requests.
    public init(_ pairs: [(name: String, value: String)]) {
        var bytes: [UInt8] = []
        var fields: [Field] = []
        for (name, value) in pairs {
            let nameStart = Int32(bytes.count)
            bytes.append(contentsOf: name.utf8)
            let nameEnd = Int32(bytes.count)
            bytes.append(contentsOf: value.utf8)
            fields.append(
                Field(nameStart: nameStart, nameEnd: nameEnd, valueStart: nameEnd, valueEnd: Int32(bytes.count)))
        }
        self.init(bytes: bytes, fields: fields)
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        firstIndex(of: name).map { value(at: $0) }
    }

    /// Every value of `name`, in order (repeated fields are not joined).
    public func values(for name: String) -> [String] {
        let lowercase = Array(name.lowercased().utf8)
        return fields.indices.filter { matches($0, lowercase) }.map { value(at: $0) }
    }

    public func contains(_ name: String) -> Bool {
        firstIndex(of: name) != nil
    }

    /// Raw value bytes of the first `name` field, without building a String.
    public func withValueBytes<Result>(of name: String, _ body: (ArraySlice<UInt8>?) -> Result) -> Result {
        body(firstIndex(of: name).map { valueBytes(at: $0) })
    }

    public func makeIterator() -> some IteratorProtocol<(name: String, value: String)> {
        var index = 0
        return AnyIterator { () -> (name: String, value: String)? in
            guard index < fields.count else { return nil }
            defer { index += 1 }
            return (self.name(at: index), self.value(at: index))
        }
    }

    func name(at index: Int) -> String {
        String(decoding: nameBytes(at: index), as: UTF8.self)
    }

    func value(at index: Int) -> String {
        String(decoding: valueBytes(at: index), as: UTF8.self)
    }

    func nameBytes(at index: Int) -> ArraySlice<UInt8> {
        bytes[Int(fields[index].nameStart)..<Int(fields[index].nameEnd)]
    }

    func valueBytes(at index: Int) -> ArraySlice<UInt8> {
        bytes[Int(fields[index].valueStart)..<Int(fields[index].valueEnd)]
    }

    func matches(_ index: Int, _ lowercase: [UInt8]) -> Bool {
        let field = fields[index]
        return bytes.withUnsafeBytes { bytes in
            lowercase.withUnsafeBytes { lowercase in
                ASCII.equalsIgnoringCase(
                    UnsafeRawBufferPointer(rebasing: bytes[Int(field.nameStart)..<Int(field.nameEnd)]), lowercase)
            }
        }
    }

    private func firstIndex(of name: String) -> Int? {
        let lowercase = Array(name.lowercased().utf8)
        return fields.indices.first { matches($0, lowercase) }
    }
}
