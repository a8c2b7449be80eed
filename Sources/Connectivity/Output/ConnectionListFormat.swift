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
        var out = ""
        var writer = ConnectionListWriter(format: self) { out += $0 }
        for connection in connections { writer.add(connection) }
        writer.finish()
        return out
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

/// Writes a connection list piece by piece (text, json, csv, md; not dot, which needs every line first), so a
/// list of millions of lines is never held whole.
public struct ConnectionListWriter {
    let format: ConnectionListFormat
    let sink: (String) -> Void
    private var count = 0
    private var buffer = ""

    /// `sink` receives the output in pieces of about 1 MiB, in order.
    public init(format: ConnectionListFormat, sink: @escaping (String) -> Void) {
        precondition(format != .dot, "dot output needs every connection first")
        self.format = format
        self.sink = sink
        switch format {
        case .csv: buffer = ConnectionListFormat.csvLine(ConnectionListFormat.header)
        case .md: buffer = ConnectionListFormat.markdownHeader(ConnectionListFormat.header)
        default: break
        }
    }

    public mutating func add(_ connection: Connection) {
        switch format {
        case .text:
            buffer += connection.source.name
            buffer += " => "
            buffer += connection.destination.name
            buffer += " : "
            buffer += connection.connections.description
            buffer += "\n"
        case .json:
            // netpol-analyzer's `list -o json`: one object per line.
            buffer += count == 0 ? "[\n" : ",\n"
            buffer += "{\"src\": \(JSONText.quoted(connection.source.name)), "
            buffer += "\"dst\": \(JSONText.quoted(connection.destination.name)), "
            buffer += "\"conn\": \(JSONText.quoted(connection.connections.description))}"
        case .csv:
            buffer += ConnectionListFormat.csvLine(ConnectionListFormat.fields(connection))
        case .md:
            buffer += ConnectionListFormat.markdownRow(ConnectionListFormat.fields(connection))
        case .dot:
            break
        }
        count += 1
        if buffer.utf8.count >= 1 << 20 {
            sink(buffer)
            buffer = ""
        }
    }

    /// Text of the caller's between two connections (`list --explain`'s reasons).
    public mutating func add(rawText text: String) {
        buffer += text
    }

    /// Ends the output and hands over what is left.
    public mutating func finish() {
        if format == .json { buffer += count == 0 ? "[]\n" : "\n]\n" }
        sink(buffer)
        buffer = ""
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
