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
