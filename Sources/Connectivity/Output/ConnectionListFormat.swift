/// The formats `connectivity list` prints, netpol-analyzer's where it has them.
public enum ConnectionListFormat: String, CaseIterable, Sendable {
    case text
    case json
    case csv
    case md
    case dot

    /// The whole output for `connections` (in the order given), ending with a newline.
    public func render(_ connections: [Connection]) -> String {
        if self == .dot { return DotGraph.render(connections) }
        var out: [UInt8] = []
        var writer = ConnectionListWriter(format: self) { out += $0 }
        for connection in connections { writer.add(connection) }
        writer.finish()
        return String(decoding: out, as: UTF8.self)
    }

    static let header = ["src", "dst", "conn"]

    static func fields(_ connection: Connection) -> [String] {
        [connection.source.name, connection.destination.name, connection.connections.description]
    }

    /// RFC 4180 lines, as Go's `encoding/csv` writes them: a field with `,`, `"` or a line break is quoted.
    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map(csvLine).joined()
    }

    static func csvLine(_ fields: [String]) -> String {
        func field(_ text: String) -> String {
            guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
            return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
        }
        return fields.map(field).joined(separator: ",") + "\n"
    }

    /// A GitHub Markdown table; `|` in a cell is escaped.
    static func markdown(_ header: [String], _ rows: [[String]]) -> String {
        markdownHeader(header) + rows.map(markdownRow).joined()
    }

    static func markdownHeader(_ header: [String]) -> String {
        "| " + header.joined(separator: " | ") + " |\n" + "|"
            + header.map { String(repeating: "-", count: $0.count + 2) }.joined(separator: "|") + "|\n"
    }

    static func markdownRow(_ row: [String]) -> String {
        "| " + row.map { $0.replacingAll("|", with: "\\|") }.joined(separator: " | ") + " |\n"
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
