/// The formats `connectivity list` prints, netpol-analyzer's where it has them.
public enum ConnectionListFormat: String, CaseIterable, Sendable {
    case text
    case json
    case csv
    case md
    case dot

    /// The whole output for `connections` (in the order given), ending with a newline.
    public func render(_ connections: [Connection]) -> String {
        switch self {
        case .text:
            return connections.map { "\($0.source.name) => \($0.destination.name) : \($0.connections)\n" }.joined()
        case .json:
            // netpol-analyzer's `list -o json`: one object per line.
            guard !connections.isEmpty else { return "[]\n" }
            let lines = connections.map {
                "{\"src\": \(JSONText.quoted($0.source.name)), \"dst\": \(JSONText.quoted($0.destination.name)), "
                    + "\"conn\": \(JSONText.quoted($0.connections.description))}"
            }
            return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
        case .csv:
            return Self.csv(["src", "dst", "conn"], connections.map { [$0.source.name, $0.destination.name, $0.connections.description] })
        case .md:
            return Self.markdown(["src", "dst", "conn"], connections.map { [$0.source.name, $0.destination.name, $0.connections.description] })
        case .dot:
            return DotGraph.render(connections)
        }
    }

    /// RFC 4180 lines, as Go's `encoding/csv` writes them: a field with `,`, `"` or a line break is quoted.
    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
        }
        return ([header] + rows).map { $0.map(field).joined(separator: ",") + "\n" }.joined()
    }

    /// A GitHub Markdown table; `|` in a cell is escaped.
    static func markdown(_ header: [String], _ rows: [[String]]) -> String {
        func cell(_ text: String) -> String { text.replacingAll("|", with: "\\|") }
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { String(repeating: "-", count: $0.count + 2) }.joined(separator: "|") + "|\n"
        for row in rows {
            out += "| " + row.map(cell).joined(separator: " | ") + " |\n"
        }
        return out
    }
}

/// JSON string literals without Foundation: `"` and `\` escaped, control characters as `\u00XX`.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" {
                out += "\\"
                out.unicodeScalars.append(scalar)
            } else if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation's `replacingOccurrences` without Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
