import Foundation
import NetworkPolicyValidation

/// Decodes a NetworkPolicy from a YAML node the way the apiserver decodes a request body: YAML converted to
/// JSON as kubectl converts it, then Go's encoding/json rules for types, null and duplicate keys (the last one
/// wins), plus strict field validation's `unknown field` and `duplicate field` reports.
///
/// One walk over the node does both the checks and the JSON text; Foundation's `JSONDecoder` then builds the
/// model. Type errors are reported in encoding/json's words (`json: cannot unmarshal string into Go struct
/// field NetworkPolicy.metadata of type v1.ObjectMeta`). Unlike Go, which stops at the first type error, every
/// type error of the object is reported, so one pass over a file shows them all.
struct ObjectDecoder {
    /// The outcome: the decoded policy, or nil when a type error makes the object undecodable, and every issue.
    struct Result {
        var policy: NetworkPolicy?
        var issues: [DecodeIssue]
    }

    private var issues: [DecodeIssue] = []
    private var json = ""

    static func decode(_ root: YAMLNode) -> Result {
        var decoder = ObjectDecoder()
        decoder.json.reserveCapacity(1024)
        decoder.writeStruct(root, NetworkPolicySchema.networkPolicy)
        // Duplicates are found after a mapping's values are walked; report everything in document order.
        decoder.issues.sort { $0.position < $1.position }
        guard !decoder.issues.contains(where: { $0.kind == .typeError }) else {
            return Result(policy: nil, issues: decoder.issues)
        }
        do {
            let policy = try JSONDecoder().decode(NetworkPolicy.self, from: Data(decoder.json.utf8))
            return Result(policy: policy, issues: decoder.issues)
        } catch {
            // The walk above accepts only what the model decodes, so this is a disagreement between the schema
            // and the model: report it rather than crash or pass the object.
            let issue = DecodeIssue(
                kind: .typeError, field: "", message: "json: \(Self.describe(error))", position: root.position)
            return Result(policy: nil, issues: decoder.issues + [issue])
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return "\(path.hasPrefix(".") ? String(path.dropFirst()) : path): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }

    // MARK: - Walk

    /// One step from the object down to the value being written; rendered only when an issue needs the path.
    private enum Step {
        case field(String)
        case mapKey(String)
        case index(Int)
    }

    private var steps: [Step] = []
    /// The innermost struct around the value being written (encoding/json's `UnmarshalTypeError.Struct`).
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

    /// Writes `node` as `schema` at the current path.
    private mutating func write(_ node: YAMLNode, _ schema: FieldSchema) {
        switch schema {
        case .string:
            if case .string(let string) = node.value {
                JSONString.append(string, to: &json)
            } else {
                typeError(node, node.jsonKind, schema.goType)
            }
        case .integer(_, let bits):
            if let integer = integerText(node, bits: bits) {
                json.append(integer)
            } else {
                typeError(node, numberDescription(node), schema.goType)
            }
        case .boolean:
            if case .bool(let bool) = node.value {
                json.append(bool ? "true" : "false")
            } else {
                typeError(node, node.jsonKind, schema.goType)
            }
        case .intOrString:
            // `IntOrString.UnmarshalJSON` decodes a non-string with a fresh `json.Unmarshal` into an int32, so
            // its error has no struct context.
            if case .string(let string) = node.value {
                JSONString.append(string, to: &json)
            } else if let integer = integerText(node, bits: 32) {
                json.append(integer)
            } else {
                addTypeError(node, "json: cannot unmarshal \(numberDescription(node)) into Go value of type int32")
            }
        case .time:
            if case .string(let string) = node.value {
                JSONString.append(string, to: &json)
            } else {
                addTypeError(node, "json: cannot unmarshal \(node.jsonKind) into Go value of type string")
            }
        case .any:
            writeAny(node)
        case .map(let valueSchema, let goType):
            guard case .mapping(let entries) = node.value else {
                typeError(node, node.jsonKind, goType)
                return
            }
            json.append("{")
            var first = true
            let isLast = Self.lastOccurrences(entries)
            for (index, entry) in entries.enumerated() where isLast[index] {
                if !first { json.append(",") }
                first = false
                JSONString.append(entry.key, to: &json)
                json.append(":")
                if case .null = entry.value.value {
                    json.append(valueSchema.zeroJSON ?? "null")
                } else {
                    steps.append(.mapKey(entry.key))
                    write(entry.value, valueSchema)
                    steps.removeLast()
                }
            }
            reportDuplicates(entries, isLast: isLast)
            json.append("}")
        case .list(let element, let goType):
            guard case .sequence(let items) = node.value else {
                typeError(node, node.jsonKind, goType)
                return
            }
            json.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { json.append(",") }
                if case .null = item.value {
                    json.append(element.zeroJSON ?? "null")
                } else {
                    steps.append(.index(index))
                    write(item, element)
                    steps.removeLast()
                }
            }
            json.append("]")
        case .object(let structSchema):
            guard case .mapping = node.value else {
                typeError(node, node.jsonKind, structSchema.goType)
                return
            }
            writeStruct(node, structSchema)
        }
    }

    private mutating func writeStruct(_ node: YAMLNode, _ schema: StructSchema) {
        guard case .mapping(let entries) = node.value else { return }
        json.append("{")
        var first = true
        let isLast = Self.lastOccurrences(entries)
        let outerStruct = goStruct
        for (index, entry) in entries.enumerated() {
            guard let fieldSchema = schema.fields[entry.key] else {
                // Go matches JSON names exactly here (sigs.k8s.io/json is case-sensitive): `PodSelector` is unknown.
                let field = childPath(entry.key)
                issues.append(DecodeIssue(
                    kind: .unknownField, field: field, message: "unknown field \(GoQuote.quote(field))",
                    position: entry.keyPosition))
                continue
            }
            guard isLast[index] else { continue }
            if case .null = entry.value.value { continue }  // encoding/json leaves the field at its zero value.
            if !first { json.append(",") }
            first = false
            JSONString.append(entry.key, to: &json)
            json.append(":")
            steps.append(.field(entry.key))
            goStruct = schema.name
            write(entry.value, fieldSchema)
            goStruct = outerStruct
            steps.removeLast()
        }
        // Repeated unknown keys are each reported as unknown, not as duplicates (sigs.k8s.io/json does the same).
        reportDuplicates(entries, isLast: isLast) { schema.fields[$0] != nil }
        json.append("}")
    }

    private func childPath(_ key: String) -> String {
        let parent = path
        return parent.isEmpty ? key : parent + "." + key
    }

    /// Raw JSON for fields Go keeps as raw JSON (`fieldsV1`).
    private mutating func writeAny(_ node: YAMLNode) {
        switch node.value {
        case .null: json.append("null")
        case .bool(let bool): json.append(bool ? "true" : "false")
        case .integer(let integer): json.append(String(integer))
        case .unsignedInteger(let integer): json.append(String(integer))
        case .float(let double): json.append(double.isFinite ? GoNumber.format(double) : "null")
        case .string(let string): JSONString.append(string, to: &json)
        case .sequence(let items):
            json.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { json.append(",") }
                writeAny(item)
            }
            json.append("]")
        case .mapping(let entries):
            json.append("{")
            let isLast = Self.lastOccurrences(entries)
            var first = true
            for (index, entry) in entries.enumerated() where isLast[index] {
                if !first { json.append(",") }
                first = false
                JSONString.append(entry.key, to: &json)
                json.append(":")
                writeAny(entry.value)
            }
            json.append("}")
        }
    }

    // MARK: - Helpers

    /// The JSON integer text of `node` when it fits a signed integer of `bits` (Go rejects fractions and
    /// overflow with the same `number <literal>` error).
    private func integerText(_ node: YAMLNode, bits: Int) -> String? {
        let limit = bits == 64 ? Int64.max : Int64(Int32.max)
        let lower = bits == 64 ? Int64.min : Int64(Int32.min)
        switch node.value {
        case .integer(let integer):
            return integer >= lower && integer <= limit ? String(integer) : nil
        case .float(let double):
            // sigs.k8s.io/yaml re-encodes YAML floats with Go's shortest formatting, so `80.0` arrives as `80`.
            guard double.isFinite, double == double.rounded(), double >= Double(lower), double < Double(limit) + 1
            else { return nil }
            return String(Int64(double))
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
        addTypeError(node, message)
    }

    private mutating func addTypeError(_ node: YAMLNode, _ message: String) {
        issues.append(DecodeIssue(kind: .typeError, field: path, message: message, position: node.position))
    }

    /// `duplicate field` for every occurrence of a key after its first (sigs.k8s.io/json reports the repeats).
    private mutating func reportDuplicates(
        _ entries: [YAMLEntry], isLast: [Bool], isKnown: (String) -> Bool = { _ in true }
    ) {
        guard isLast.contains(false) else { return }
        var seen = Set<String>()
        for entry in entries where isKnown(entry.key) && !seen.insert(entry.key).inserted {
            let field = childPath(entry.key)
            issues.append(DecodeIssue(
                kind: .duplicateField, field: field, message: "duplicate field \(GoQuote.quote(field))",
                position: entry.keyPosition))
        }
    }

    /// For each entry, whether no later entry has the same key (the one Go keeps).
    static func lastOccurrences(_ entries: [YAMLEntry]) -> [Bool] {
        var result = [Bool](repeating: true, count: entries.count)
        guard entries.count > 1 else { return result }
        if entries.count <= 16 {
            for i in 0..<entries.count {
                for j in (i + 1)..<entries.count where entries[j].key == entries[i].key {
                    result[i] = false
                    break
                }
            }
        } else {
            var seen = Set<String>()
            for i in stride(from: entries.count - 1, through: 0, by: -1) where !seen.insert(entries[i].key).inserted {
                result[i] = false
            }
        }
        return result
    }
}
