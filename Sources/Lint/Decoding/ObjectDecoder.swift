import NetworkPolicyValidation

/// Decodes a NetworkPolicy from a YAML node the way the apiserver decodes a request body: YAML converted to
/// JSON as kubectl converts it, then Go's encoding/json rules for types, null and duplicate keys (the last one
/// wins), plus strict field validation's `unknown field` and `duplicate field` reports.
///
/// A walk over the node makes the checks; when it finds no type error, `PolicyBuilder` builds the model from the
/// same node (no JSON text in between: only the webhook's AdmissionReview body goes through Foundation's
/// `JSONDecoder`). Type errors are reported in encoding/json's words (`json: cannot unmarshal string into Go
/// struct field NetworkPolicy.metadata of type v1.ObjectMeta`). Unlike Go, which stops at the first type error,
/// every type error of the object is reported, so one pass over a file shows them all.
struct ObjectDecoder {
    /// The outcome: the decoded policy, or nil when a type error makes the object undecodable, and every issue.
    struct Result {
        var policy: NetworkPolicy?
        var issues: [DecodeIssue]
    }

    private var issues: [DecodeIssue] = []

    static func decode(_ root: YAMLNode) -> Result {
        var decoder = ObjectDecoder()
        decoder.check(root, .object(NetworkPolicySchema.networkPolicy))
        // Duplicates are found after a mapping's values are walked; report everything in document order.
        decoder.issues.sort { $0.position < $1.position }
        guard !decoder.issues.contains(where: { $0.kind == .typeError }),
            var policy = PolicyBuilder.networkPolicy(root)
        else { return Result(policy: nil, issues: decoder.issues) }
        policy.metadata.managedFields = managedFields(of: root)
        return Result(policy: policy, issues: decoder.issues)
    }

    /// `metadata.managedFields`, which the model does not decode (`ObjectMeta.CodingKeys`). Read after the walk
    /// found no type error, so every entry is a mapping or null (Go's zero entry) and every value a string or null.
    static func managedFields(of root: YAMLNode) -> [ManagedFieldsEntry]? {
        guard case .sequence(let items) = root["metadata"]?["managedFields"]?.value else { return nil }
        return items.map { item in
            ManagedFieldsEntry(
                manager: item["manager"]?.string, operation: item["operation"]?.string,
                apiVersion: item["apiVersion"]?.string, fieldsType: item["fieldsType"]?.string,
                subresource: item["subresource"]?.string)
        }
    }

    // MARK: - Walk

    /// One step from the object down to the value being checked; rendered only when an issue needs the path.
    private enum Step {
        case field(String)
        case mapKey(String)
        case index(Int)
    }

    private var steps: [Step] = []
    /// The innermost struct around the value being checked (encoding/json's `UnmarshalTypeError.Struct`).
    private var goStruct = ""

    /// The strict-validation path of the current value (`spec.ingress[0].from`).
    private var path: String {
        var text = ""
        for step in steps {
            switch step {
            case .field(let name), .mapKey(let name): text += text.isEmpty ? name : "." + name
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// encoding/json's `UnmarshalTypeError.Field`: the struct field names only (`spec.ingress.from`).
    private var goField: String {
        steps.compactMap { step -> String? in
            if case .field(let name) = step { return name }
            return nil
        }.joined(separator: ".")
    }

    /// Checks `node` as `schema` at the current path.
    private mutating func check(_ node: YAMLNode, _ schema: FieldSchema) {
        switch schema {
        case .string:
            guard case .string = node.value else { return typeError(node, node.jsonKind, schema.goType) }
        case .integer(_, let bits):
            guard Self.integer(node, bits: bits) != nil else {
                return typeError(node, numberDescription(node), schema.goType)
            }
        case .boolean:
            guard case .bool = node.value else { return typeError(node, node.jsonKind, schema.goType) }
        case .intOrString:
            // `IntOrString.UnmarshalJSON` decodes a non-string with a fresh `json.Unmarshal` into an int32; the
            // outer decoder then adds its struct context to that error (encoding/json's `addErrorContext`), so
            // the apiserver names the struct field with the inner type, int32.
            if case .string = node.value { return }
            guard Self.integer(node, bits: 32) != nil else {
                return typeError(node, numberDescription(node), "int32")
            }
        case .time:
            // `Time.UnmarshalJSON` decodes into a string; the struct context is added as for IntOrString.
            guard case .string = node.value else { return typeError(node, node.jsonKind, "string") }
        case .any:
            break  // Raw JSON: any value.
        case .map(let valueSchema, let goType):
            guard case .mapping(let entries) = node.value else { return typeError(node, node.jsonKind, goType) }
            let isLast = Self.lastOccurrences(entries)
            for index in entries.indices where isLast?[index] ?? true {
                if case .null = entries[index].value.value { continue }  // The value's zero value (or null).
                steps.append(.mapKey(entries[index].key))
                check(entries[index].value, valueSchema)
                steps.removeLast()
            }
            reportDuplicates(entries, isLast: isLast)
        case .list(let element, let goType):
            guard case .sequence(let items) = node.value else { return typeError(node, node.jsonKind, goType) }
            for index in items.indices {
                if case .null = items[index].value { continue }  // The element's zero value (or null).
                steps.append(.index(index))
                check(items[index], element)
                steps.removeLast()
            }
        case .object(let structSchema):
            guard case .mapping = node.value else { return typeError(node, node.jsonKind, structSchema.goType) }
            checkStruct(node, structSchema)
        }
    }

    private mutating func checkStruct(_ node: YAMLNode, _ schema: StructSchema) {
        guard case .mapping(let entries) = node.value else { return }
        let isLast = Self.lastOccurrences(entries)
        let outerStruct = goStruct
        goStruct = schema.name
        // By index: a `for entry in entries` loop copies (retains and releases) every entry it passes.
        for index in entries.indices {
            guard let fieldSchema = schema.field(named: entries[index].key) else {
                // Go matches JSON names exactly here (sigs.k8s.io/json is case-sensitive): `PodSelector` is unknown.
                let field = childPath(entries[index].key)
                issues.append(
                    DecodeIssue(
                        kind: .unknownField, field: field, message: "unknown field \(GoQuote.quote(field))",
                        position: entries[index].keyPosition))
                continue
            }
            guard isLast?[index] ?? true else { continue }
            // encoding/json leaves the field at its zero value.
            if case .null = entries[index].value.value { continue }
            steps.append(.field(entries[index].key))
            check(entries[index].value, fieldSchema)
            steps.removeLast()
        }
        goStruct = outerStruct
        // Repeated unknown keys are each reported as unknown, not as duplicates (sigs.k8s.io/json does the same).
        reportDuplicates(entries, isLast: isLast) { schema.field(named: $0) != nil }
    }

    private func childPath(_ key: String) -> String {
        let parent = path
        return parent.isEmpty ? key : parent + "." + key
    }

    // MARK: - Helpers

    /// The value of `node` when Go decodes it into a signed integer of `bits` (Go rejects fractions and
    /// overflow with the same `number <literal>` error).
    static func integer(_ node: YAMLNode, bits: Int) -> Int64? {
        let limit = bits == 64 ? Int64.max : Int64(Int32.max)
        let lower = bits == 64 ? Int64.min : Int64(Int32.min)
        switch node.value {
        case .integer(let integer):
            return integer >= lower && integer <= limit ? integer : nil
        case .float(let double):
            // sigs.k8s.io/yaml re-encodes YAML floats with Go's shortest formatting, so `80.0` arrives as `80`.
            guard double.isFinite, double == double.rounded(), double >= Double(lower), double < Double(limit) + 1
            else { return nil }
            return Int64(double)
        default:
            return nil
        }
    }

    /// encoding/json's value description: `number <literal>` for numbers that do not fit, else the JSON kind.
    private func numberDescription(_ node: YAMLNode) -> String {
        switch node.value {
        case .integer(let integer): "number \(integer)"
        case .unsignedInteger(let integer): "number \(integer)"
        case .float(let double): "number \(GoNumber.format(double))"
        default: node.jsonKind
        }
    }

    private mutating func typeError(_ node: YAMLNode, _ value: String, _ goType: String) {
        let message =
            goStruct.isEmpty
            ? "json: cannot unmarshal \(value) into Go value of type \(goType)"
            : "json: cannot unmarshal \(value) into Go struct field \(goStruct).\(goField) of type \(goType)"
        issues.append(DecodeIssue(kind: .typeError, field: path, message: message, position: node.position))
    }

    /// `duplicate field` for every occurrence of a key after its first (sigs.k8s.io/json reports the repeats).
    private mutating func reportDuplicates(
        _ entries: [YAMLEntry], isLast: [Bool]?, isKnown: (String) -> Bool = { _ in true }
    ) {
        guard isLast != nil else { return }
        var seen = Set<String>()
        for entry in entries where isKnown(entry.key) && !seen.insert(entry.key).inserted {
            let field = childPath(entry.key)
            issues.append(
                DecodeIssue(
                    kind: .duplicateField, field: field, message: "duplicate field \(GoQuote.quote(field))",
                    position: entry.keyPosition))
        }
    }

    /// For each entry, whether no later entry has the same key (the one Go keeps); nil when no key repeats, the
    /// usual case, which then costs no array.
    static func lastOccurrences(_ entries: [YAMLEntry]) -> [Bool]? {
        guard entries.count > 1 else { return nil }
        var result: [Bool]?
        func markRepeated(_ index: Int) {
            if result == nil { result = [Bool](repeating: true, count: entries.count) }
            result?[index] = false
        }
        if entries.count <= 16 {
            for i in 0..<entries.count - 1 {
                for j in (i + 1)..<entries.count where entries[j].key == entries[i].key {
                    markRepeated(i)
                    break
                }
            }
        } else {
            var seen = Set<String>()
            for i in stride(from: entries.count - 1, through: 0, by: -1) where !seen.insert(entries[i].key).inserted {
                markRepeated(i)
            }
        }
        return result
    }
}
