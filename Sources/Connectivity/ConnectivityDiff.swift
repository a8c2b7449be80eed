import NetworkPolicyValidation

/// The connections two versions of a set of manifests allow, compared pair by pair: added (only the new one
/// allows anything), removed (only the old one), changed (both, differently).
public struct ConnectivityDiff: Sendable {
    public enum Change: String, Sendable, CaseIterable {
        case added
        case removed
        case changed
    }

    public struct Entry: Hashable, Sendable {
        public var change: Change
        public var source: String
        public var destination: String
        /// `No Connections` when the pair had nothing.
        public var old: ConnectionSet
        public var new: ConnectionSet
    }

    /// Sorted by source, then destination (byte order).
    public var entries: [Entry]

    /// Both analyses are cut at the ipBlock bounds of both, so an outside range is the same peer on each side.
    public init(old: ConnectivityAnalysis, new: ConnectivityAnalysis) {
        let sources = ConnectivityAnalysis.pieces(cutBy: old.blocks(.ingress) + new.blocks(.ingress))
        let destinations = ConnectivityAnalysis.pieces(cutBy: old.blocks(.egress) + new.blocks(.egress))
        func table(_ analysis: ConnectivityAnalysis) -> [PairKey: ConnectionSet] {
            var table: [PairKey: ConnectionSet] = [:]
            analysis.forEachConnection(externalSources: sources, externalDestinations: destinations) { connection in
                table[PairKey(source: connection.source.name, destination: connection.destination.name)] =
                    connection.connections
            }
            return table
        }
        let before = table(old)
        let after = table(new)
        var entries: [Entry] = []
        for key in Set(before.keys).union(after.keys) {
            let old = before[key] ?? .none
            let new = after[key] ?? .none
            guard old != new else { continue }
            let change: Change = old.isEmpty ? .added : new.isEmpty ? .removed : .changed
            entries.append(Entry(change: change, source: key.source, destination: key.destination, old: old, new: new))
        }
        self.entries = entries.sorted { left, right in
            if left.source != right.source { return left.source.utf8.lexicographicallyPrecedes(right.source.utf8) }
            return left.destination.utf8.lexicographicallyPrecedes(right.destination.utf8)
        }
    }

    private struct PairKey: Hashable {
        var source: String
        var destination: String
    }

    /// The output formats of `connectivity diff`.
    public enum Format: String, CaseIterable, Sendable {
        case text
        case md
        case json
        case csv
    }

    /// The whole output, ending with a newline (text: one line per entry, nothing when nothing changed).
    public func render(_ format: Format) -> String {
        let header = ["diff-type", "source", "destination", "old", "new"]
        let rows = entries.map {
            [$0.change.rawValue, $0.source, $0.destination, $0.old.description, $0.new.description]
        }
        switch format {
        case .text:
            return entries.map { entry in
                "\(entry.change.rawValue): \(entry.source) => \(entry.destination) : "
                    + (entry.change == .changed
                        ? "\(entry.old) -> \(entry.new)"
                        : entry.change == .added ? entry.new.description : entry.old.description) + "\n"
            }.joined()
        case .md:
            return ConnectionListFormat.markdown(header, rows)
        case .csv:
            return ConnectionListFormat.csv(header, rows)
        case .json:
            guard !rows.isEmpty else { return "[]\n" }
            let lines = rows.map { row in
                "{"
                    + zip(["diff-type", "src", "dst", "old", "new"], row).map { "\"\($0)\": \(JSONText.quote($1))" }
                    .joined(separator: ", ") + "}"
            }
            return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
        }
    }

    /// Whether the new version opens anything the old one did not (`added`), closes anything (`removed`), or
    /// either (nil). A changed pair counts for the ports it gains or loses.
    public func has(_ change: Change?) -> Bool {
        entries.contains { entry in
            let opens = !entry.new.subtracting(entry.old).isEmpty
            let closes = !entry.old.subtracting(entry.new).isEmpty
            switch change {
            case .added: return opens
            case .removed: return closes
            case .changed, nil: return opens || closes
            }
        }
    }
}
