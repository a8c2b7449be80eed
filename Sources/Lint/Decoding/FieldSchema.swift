/// The shape of one field of a Kubernetes Go type, as much as decoding needs: which JSON values Go's
/// encoding/json accepts there, the Go type name its errors print, and for structs the known field names
/// (for strict field validation).
indirect enum FieldSchema: Sendable {
    /// A string kind; `goType` is the named type (`string`, `v1.Protocol`, `types.UID`).
    case string(goType: String)
    /// A signed integer kind of `bits` width (`int32`, `int64`).
    case integer(goType: String, bits: Int)
    case boolean
    /// `intstr.IntOrString`, whose custom `UnmarshalJSON` takes a string or an int32.
    case intOrString
    /// `metav1.Time`, whose `UnmarshalJSON` takes null or a string.
    case time
    /// Anything (`metav1.FieldsV1` keeps raw JSON).
    case any
    /// `map[string]<value>`.
    case map(FieldSchema, goType: String)
    /// `[]<element>`.
    case list(FieldSchema, goType: String)
    case object(StructSchema)

    /// The Go type name encoding/json prints for a value of this schema.
    var goType: String {
        switch self {
        case .string(let goType), .integer(let goType, _), .map(_, let goType), .list(_, let goType): goType
        case .boolean: "bool"
        case .intOrString: "intstr.IntOrString"
        case .time: "v1.Time"
        case .any: "v1.FieldsV1"
        case .object(let schema): schema.goType
        }
    }
}

/// A Go struct: its name (`NetworkPolicySpec`), package-qualified type (`v1.NetworkPolicySpec`) and JSON fields.
struct StructSchema: Sendable {
    var name: String
    var goType: String
    /// In declaration order. A struct has at most a few dozen fields, so a scan of short strings beats hashing
    /// every key of every object.
    var fields: [(name: String, schema: FieldSchema)]

    init(_ name: String, package: String = "v1", fields: KeyValuePairs<String, FieldSchema>) {
        self.name = name
        self.goType = package + "." + name
        self.fields = fields.map { (name: $0.key, schema: $0.value) }
    }

    /// The schema of the field whose JSON name is `name` (case-sensitive, as sigs.k8s.io/json matches).
    func field(named name: String) -> FieldSchema? {
        // By index: a `for field in fields` loop copies (retains and releases) every entry it passes.
        for index in fields.indices where fields[index].name == name {
            return fields[index].schema
        }
        return nil
    }
}
