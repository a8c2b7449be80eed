/// A JSON value with ordered object keys, rendered with a fixed layout so reports are stable byte for byte.
enum JSONValue {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// The value on one line, inside an otherwise pretty-printed document (one finding per line keeps diffs of
    /// reports readable).
    indirect case compact(JSONValue)

    /// Pretty-printed with two-space indentation, `compact` values on one line.
    func rendered() -> String {
        var out = ""
        render(into: &out, indent: 0, compactBelow: .max)
        return out
    }

    private func render(into out: inout String, indent: Int, compactBelow depth: Int) {
        switch self {
        case .compact(let value): value.render(into: &out, indent: indent, compactBelow: indent)
        case .string(let string): JSONString.append(string, to: &out)
        case .integer(let integer): out += String(integer)
        case .bool(let bool): out += bool ? "true" : "false"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            if indent >= depth {
                out += "["
                for (index, item) in items.enumerated() {
                    if index > 0 { out += ", " }
                    item.render(into: &out, indent: indent + 1, compactBelow: depth)
                }
                out += "]"
                return
            }
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                item.render(into: &out, indent: indent + 1, compactBelow: depth)
                out += index + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            if indent >= depth {
                out += "{"
                for (index, (key, value)) in members.enumerated() {
                    if index > 0 { out += ", " }
                    JSONString.append(key, to: &out)
                    out += ": "
                    value.render(into: &out, indent: indent + 1, compactBelow: depth)
                }
                out += "}"
                return
            }
            out += "{\n"
            for (index, (key, value)) in members.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                JSONString.append(key, to: &out)
                out += ": "
                value.render(into: &out, indent: indent + 1, compactBelow: depth)
                out += index + 1 < members.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }
}
