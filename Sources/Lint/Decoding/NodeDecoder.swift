import NetworkPolicyValidation

/// A `Decoder` over a YAML node that `ObjectDecoder`'s walk has checked against `schema`, so the model's own
/// `Decodable` conformances build it straight from the node. It yields what Go's encoding/json makes of the JSON
/// kubectl would send: the last of duplicate keys wins, fields outside the schema and null fields are left out, a
/// null list element or map value is its type's zero value, an integral float (`80.0`) is an integer, and an
/// integer is never a string (so an `IntOrString` stays what the document wrote).
struct NodeDecoder: Decoder {
    let node: YAMLNode
    let schema: FieldSchema
    /// The containers above this value and its key in the innermost one; the full path is built only for errors.
    private let parent: CodingPathNode?
    private let key: PlainKey?

    init(_ node: YAMLNode, _ schema: FieldSchema) {
        self.init(node, schema, parent: nil, key: nil)
    }

    fileprivate init(_ node: YAMLNode, _ schema: FieldSchema, parent: CodingPathNode?, key: PlainKey?) {
        self.node = node
        self.schema = schema
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var keys = CodingPathNode.keys(parent)
        if let key { keys.append(key) }
        return keys
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// The path node of a container of this value.
    private var pathNode: CodingPathNode { CodingPathNode(parent: parent, key: key) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let entries) = node.value else { throw mismatch([String: Any].self) }
        switch schema {
        case .object(let structSchema):
            return KeyedDecodingContainer(MappingContainer(Mapping(entries, .structure(structSchema), parent, key)))
        case .map(let valueSchema, _):
            return KeyedDecodingContainer(MappingContainer(Mapping(entries, .map(valueSchema), parent, key)))
        default:
            throw mismatch([String: Any].self)
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let items) = node.value, case .list(let element, _) = schema else {
            throw mismatch([Any].self)
        }
        return ListContainer(items: items, element: element, path: pathNode)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    fileprivate func mismatch(_ type: Any.Type) -> DecodingError {
        DecodingError.typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "Expected \(type) but found \(node.jsonKind)"))
    }
}

extension NodeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        if case .null = node.value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = node.value else { throw mismatch(type) }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = node.value else { throw mismatch(type) }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double { try floatingPoint(type) }
    func decode(_ type: Float.Type) throws -> Float { try floatingPoint(type) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // Label maps and string lists are most of a policy's containers; build them without one.
        if type == [String: String].self { return try stringMap() as! T }
        if type == [String].self { return try stringList() as! T }
        // `IntOrString.init(from:)` tries an Int32, then a string: for every named port that builds a thrown error
        // (its coding path and text) only to catch it. The same two readings here, without the error; anything
        // else goes to that initializer for its own error.
        if type == IntOrString.self {
            if case .string(let string) = node.value { return IntOrString.string(string) as! T }
            if let number = try? integer(Int32.self) { return IntOrString.int(number) as! T }
        }
        return try T(from: self)
    }

    /// An integer the way the JSON text held it: integral floats as integers, in the schema's Go width.
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let value: T?
        switch (node.value, schema) {
        case (.unsignedInteger(let integer), _):
            value = T(exactly: integer)
        case (_, .integer(_, let bits)):
            value = ObjectDecoder.integer(node, bits: bits).flatMap { T(exactly: $0) }
        case (_, .intOrString):
            value = ObjectDecoder.integer(node, bits: 32).flatMap { T(exactly: $0) }
        default:
            value = ObjectDecoder.integer(node, bits: 64).flatMap { T(exactly: $0) }
        }
        guard let value else { throw mismatch(type) }
        return value
    }

    private func floatingPoint<T: BinaryFloatingPoint>(_ type: T.Type) throws -> T {
        switch node.value {
        case .integer(let integer): return T(integer)
        case .unsignedInteger(let integer): return T(integer)
        case .float(let double) where double.isFinite: return T(double)
        default: throw mismatch(type)
        }
    }

    private func stringMap() throws -> [String: String] {
        guard case .mapping(let entries) = node.value, case .map(let valueSchema, _) = schema else {
            throw mismatch([String: String].self)
        }
        var map = [String: String](minimumCapacity: entries.count)
        for (index, entry) in entries.enumerated() {
            guard case .string(let string) = Self.value(entry.value, orZeroOf: valueSchema) else {
                // Only the last of duplicate keys counts (and only it was checked).
                if entries[(index + 1)...].contains(where: { $0.key == entry.key }) { continue }
                throw NodeDecoder(entry.value, valueSchema, parent: pathNode, key: .name(entry.key))
                    .mismatch(String.self)
            }
            if map.updateValue(string, forKey: entry.key) != nil {
                // A repeated key: the last one wins with its own text (keys equal as Strings may differ in bytes).
                map.removeValue(forKey: entry.key)
                map[entry.key] = string
            }
        }
        return map
    }

    private func stringList() throws -> [String] {
        guard case .sequence(let items) = node.value, case .list(let element, _) = schema else {
            throw mismatch([String].self)
        }
        var list: [String] = []
        list.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard case .string(let string) = Self.value(item, orZeroOf: element) else {
                throw NodeDecoder(item, element, parent: pathNode, key: .index(index)).mismatch(String.self)
            }
            list.append(string)
        }
        return list
    }

    /// `node`'s value, or the zero value of `schema` when the node is null and that zero value is not null.
    fileprivate static func value(_ node: YAMLNode, orZeroOf schema: FieldSchema) -> YAMLNode.Value {
        if case .null = node.value, let zero = schema.zeroValue { return zero }
        return node.value
    }

    fileprivate static func node(_ node: YAMLNode, orZeroOf schema: FieldSchema) -> YAMLNode {
        if case .null = node.value, let zero = schema.zeroValue { return YAMLNode(zero, at: node.position) }
        return node
    }
}

/// A mapping as a Go struct (known fields only, null ones absent) or as a Go map (every key, null values as
/// the zero value of the map's values). Not generic, so the look-ups run without generic metadata; the
/// `MappingContainer` of each model type only forwards to it. It is its values' coding path node.
private final class Mapping: CodingPathNode {
    enum Shape {
        case structure(StructSchema)
        case map(FieldSchema)
    }

    let entries: [YAMLEntry]
    let shape: Shape

    init(_ entries: [YAMLEntry], _ shape: Shape, _ parent: CodingPathNode?, _ key: PlainKey?) {
        self.entries = entries
        self.shape = shape
        super.init(parent: parent, key: key)
    }

    /// The names of the JSON object: one per key, in document order of the entries kept.
    var names: [String] {
        let isLast = ObjectDecoder.lastOccurrences(entries)
        return entries.indices.compactMap { index in
            (isLast?[index] ?? true) && value(named: entries[index].key) != nil ? entries[index].key : nil
        }
    }

    /// The decoder for the value Go keeps under `name`; nil when the JSON object would not have the key.
    func value(named name: String) -> NodeDecoder? {
        guard let index = entries.lastIndex(where: { $0.key == name }) else { return nil }
        switch shape {
        case .structure(let schema):
            guard let fieldSchema = schema.field(named: name) else { return nil }
            if case .null = entries[index].value.value { return nil }
            return NodeDecoder(entries[index].value, fieldSchema, parent: self, key: .name(name))
        case .map(let valueSchema):
            return NodeDecoder(
                NodeDecoder.node(entries[index].value, orZeroOf: valueSchema), valueSchema, parent: self,
                key: .name(name))
        }
    }

    func value(for key: some CodingKey) throws -> NodeDecoder {
        guard let value = value(named: key.stringValue) else {
            throw DecodingError.keyNotFound(
                key,
                .init(codingPath: CodingPathNode.keys(self), debugDescription: "No value for key \(key.stringValue)"))
        }
        return value
    }

    /// The value under `name` unless the JSON object lacks the key or holds null there.
    func present(_ name: String) -> NodeDecoder? {
        guard let value = value(named: name), !value.decodeNil() else { return nil }
        return value
    }
}

private struct MappingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let mapping: Mapping

    init(_ mapping: Mapping) {
        self.mapping = mapping
    }

    var codingPath: [any CodingKey] { CodingPathNode.keys(mapping) }
    var allKeys: [Key] { mapping.names.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { mapping.value(named: key.stringValue) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { try mapping.value(for: key).decodeNil() }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try mapping.value(for: key).decode(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try mapping.value(for: key).decode(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try mapping.value(for: key).decode(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try mapping.value(for: key).decode(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try mapping.value(for: key).decode(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try mapping.value(for: key).decode(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try mapping.value(for: key).decode(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try mapping.value(for: key).decode(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try mapping.value(for: key).decode(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try mapping.value(for: key).decode(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try mapping.value(for: key).decode(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try mapping.value(for: key).decode(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try mapping.value(for: key).decode(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try mapping.value(for: key).decode(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try mapping.value(for: key).decode(type) }

    // The model's optional fields: one look-up each instead of the defaults' three (contains, decodeNil, decode).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try mapping.present(key.stringValue)?.decode(type)
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try mapping.present(key.stringValue)?.decode(type)
    }

    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try mapping.present(key.stringValue)?.decode(type)
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try mapping.present(key.stringValue)?.decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try mapping.present(key.stringValue)?.decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try mapping.value(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try mapping.value(for: key).unkeyedContainer()
    }

    /// The value under `super`, or null when there is none (as JSONDecoder does).
    func superDecoder() throws -> any Decoder {
        mapping.value(named: "super")
            ?? NodeDecoder(YAMLNode(.null, at: .start), .any, parent: mapping, key: .name("super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { try mapping.value(for: key) }
}

/// A sequence as a Go slice: null elements are the element type's zero value.
private struct ListContainer: UnkeyedDecodingContainer {
    let items: [YAMLNode]
    let element: FieldSchema
    let path: CodingPathNode
    private(set) var currentIndex = 0

    init(items: [YAMLNode], element: FieldSchema, path: CodingPathNode) {
        self.items = items
        self.element = element
        self.path = path
    }

    var codingPath: [any CodingKey] { CodingPathNode.keys(path) }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: codingPath, debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return NodeDecoder(
            NodeDecoder.node(items[currentIndex], orZeroOf: element), element, parent: path,
            key: .index(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { return try next().decodeNil() }
        guard case .null = NodeDecoder.value(items[currentIndex], orZeroOf: element) else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next().decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next().decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next().decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next().decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next().decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// One step of a coding path: a mapping key or a list index (named `Index N` as JSONDecoder names it).
private enum PlainKey: CodingKey {
    case name(String)
    case index(Int)

    init?(stringValue: String) { self = .name(stringValue) }
    init?(intValue: Int) { self = .index(intValue) }

    var stringValue: String {
        switch self {
        case .name(let name): name
        case .index(let index): "Index \(index)"
        }
    }

    var intValue: Int? {
        if case .index(let index) = self { return index }
        return nil
    }
}

/// A coding path as parent links: one node per container rather than a copied array per value. The root
/// container's node has no key.
private class CodingPathNode {
    let parent: CodingPathNode?
    let key: PlainKey?

    init(parent: CodingPathNode?, key: PlainKey?) {
        self.parent = parent
        self.key = key
    }

    static func keys(_ node: CodingPathNode?) -> [any CodingKey] {
        var keys: [any CodingKey] = []
        var node = node
        while let current = node {
            if let key = current.key { keys.append(key) }
            node = current.parent
        }
        return keys.reversed()
    }
}
