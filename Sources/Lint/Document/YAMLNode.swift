/// One node of a YAML document after Kubernetes' YAML-to-JSON conversion (sigs.k8s.io/yaml over go-yaml v2):
/// scalars already typed by their YAML tag, mapping keys already strings, duplicate keys kept in document order.
/// Every node and every key keeps its position so findings can point at the offending field.
public struct YAMLNode: Sendable {
    /// The JSON-shaped value of a node.
    public enum Value: Sendable {
        case null
        case bool(Bool)
        case integer(Int64)
        /// Integers above `Int64.max`, as go-yaml's `ParseUint` fallback yields them.
        case unsignedInteger(UInt64)
        case float(Double)
        case string(String)
        /// Entries in document order; a key may repeat (the last one wins, as in Go).
        case mapping([YAMLEntry])
        case sequence([YAMLNode])
    }

    public var value: Value
    public var position: SourcePosition

    public init(_ value: Value, at position: SourcePosition) {
        self.value = value
        self.position = position
    }

    /// The value of the last entry named `key`, when this node is a mapping.
    public subscript(key: String) -> YAMLNode? {
        entry(named: key)?.value
    }

    /// The last entry named `key` (Go's decoders keep the last of duplicate keys).
    public func entry(named key: String) -> YAMLEntry? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.last { $0.key == key }
    }

    /// The string of a string scalar.
    public var string: String? {
        if case .string(let string) = value { return string }
        return nil
    }

    /// The word Go's encoding/json uses for this kind of JSON value in `cannot unmarshal <kind>` messages.
    var jsonKind: String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .integer, .unsignedInteger, .float: "number"
        case .string: "string"
        case .mapping: "object"
        case .sequence: "array"
        }
    }
}

/// A mapping entry: the key as Kubernetes' YAML-to-JSON conversion renders it, and where the key stands.
public struct YAMLEntry: Sendable {
    public var key: String
    public var keyPosition: SourcePosition
    public var value: YAMLNode

    public init(key: String, keyPosition: SourcePosition, value: YAMLNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}
