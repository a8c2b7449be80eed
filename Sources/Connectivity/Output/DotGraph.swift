/// Graphviz `dot` text for a connection list, in netpol-analyzer's style: one cluster per namespace holding its
/// workloads, outside ranges alone, one labelled edge per connection.
enum DotGraph {
    static func render(_ connections: [Connection]) -> String {
        var workloadsByNamespace: [String: Set<String>] = [:]
        var externals: Set<String> = []
        for connection in connections {
            for end in [connection.source, connection.destination] {
                switch end.kind {
                case .workload:
                    let namespace = String(end.name.prefix { $0 != "/" })
                    workloadsByNamespace[namespace, default: []].insert(end.name)
                case .external:
                    externals.insert(end.name)
                }
            }
        }
        var out = "digraph {\n"
        for namespace in workloadsByNamespace.keys.sorted() {
            out += "\tsubgraph \(quoted("cluster_" + namespace)) {\n"
            out += "\t\tcolor=\"black\"\n\t\tfontcolor=\"black\"\n"
            for name in workloadsByNamespace[namespace]!.sorted() {
                let label = String(name.dropFirst(namespace.count + 1))
                out += "\t\t\(quoted(name)) [label=\(quoted(label)) color=\"blue\" fontcolor=\"blue\"]\n"
            }
            out += "\t\tlabel=\(quoted(namespace))\n\t}\n"
        }
        for name in externals.sorted() {
            let label = String(name.dropLast("[External]".count))
            out += "\t\(quoted(name)) [label=\(quoted(label)) color=\"red2\" fontcolor=\"red2\"]\n"
        }
        for connection in connections {
            out += "\t\(quoted(connection.source.name)) -> \(quoted(connection.destination.name))"
            out += " [label=\(quoted(connection.connections.description)) color=\"gold2\" fontcolor=\"darkgreen\"]\n"
        }
        return out + "}\n"
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}
