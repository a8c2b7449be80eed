import NetworkPolicyValidation

/// Writes a connection list piece by piece (text, json, csv, md; not dot, which needs every line first), so a
/// list of millions of lines is never held whole. Bytes, not a String: appending to a String was a third of
/// `list`'s instructions.
public struct ConnectionListWriter {
    let format: ConnectionListFormat
    let sink: ([UInt8]) -> Void
    private var count = 0
    private var buffer: [UInt8] = []

    /// `sink` receives the UTF-8 output in pieces of about 1 MiB, in order.
    public init(format: ConnectionListFormat, sink: @escaping ([UInt8]) -> Void) {
        precondition(format != .dot, "dot output needs every connection first")
        self.format = format
        self.sink = sink
        buffer.reserveCapacity(1 << 20 + 4096)
        switch format {
        case .csv: buffer += ConnectionListFormat.csvLine(ConnectionListFormat.header).utf8
        case .md: buffer += ConnectionListFormat.markdownHeader(ConnectionListFormat.header).utf8
        default: break
        }
    }

    public mutating func add(_ connection: Connection) {
        switch format {
        case .text:
            buffer += connection.source.name.utf8
            buffer += " => ".utf8
            buffer += connection.destination.name.utf8
            buffer += " : ".utf8
            if connection.connections.isAll {
                buffer += "All Connections".utf8
            } else {
                buffer += connection.connections.description.utf8
            }
            buffer.append(UInt8(ascii: "\n"))
        case .json:
            // netpol-analyzer's `list -o json`: one object per line.
            buffer += (count == 0 ? "[\n" : ",\n").utf8
            buffer += "{\"src\": ".utf8
            JSONText.appendQuoted(connection.source.name, to: &buffer)
            buffer += ", \"dst\": ".utf8
            JSONText.appendQuoted(connection.destination.name, to: &buffer)
            buffer += ", \"conn\": ".utf8
            JSONText.appendQuoted(connection.connections.description, to: &buffer)
            buffer.append(UInt8(ascii: "}"))
        case .csv:
            buffer += ConnectionListFormat.csvLine(ConnectionListFormat.fields(connection)).utf8
        case .md:
            buffer += ConnectionListFormat.markdownRow(ConnectionListFormat.fields(connection)).utf8
        case .dot:
            break
        }
        count += 1
        if buffer.count >= 1 << 20 {
            sink(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Text of the caller's between two connections (`list --explain`'s reasons).
    public mutating func add(rawText text: String) {
        buffer += text.utf8
    }

    /// Ends the output and hands over what is left.
    public mutating func finish() {
        if format == .json { buffer += (count == 0 ? "[]\n" : "\n]\n").utf8 }
        sink(buffer)
        buffer.removeAll()
    }
}
