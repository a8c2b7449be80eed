import Connectivity
import Lint

/// Reads the expectations file of `connectivity test`: a YAML (or JSON) list of
/// `{from, to, port?, protocol?, expect: allowed|denied}`, each located for the failure lines.
public enum ExpectationReader {
    /// The expectations, or the problems found (`file:line:column: message`), all of them.
    public static func read(text: String, file: String) -> Result<[Expectation], Problems> {
        let documents: [YAMLStream.Document]
        do {
            documents = try YAMLStream.documents(in: text)
        } catch {
            return .failure(Problems(lines: ["\(file):\(error.position): \(error.message)"]))
        }
        var expectations: [Expectation] = []
        var problems: [String] = []
        func problem(_ node: YAMLNode, _ message: String) {
            problems.append("\(file):\(node.position): \(message)")
        }
        for root in documents.compactMap(\.root) {
            guard case .sequence(let items) = root.value else {
                problem(root, "expected a list of {from, to, port, protocol, expect}")
                continue
            }
            for item in items {
                guard case .mapping(let entries) = item.value else {
                    problem(item, "expected a mapping {from, to, port, protocol, expect}")
                    continue
                }
                for entry in entries where !["from", "to", "port", "protocol", "expect"].contains(entry.key) {
                    problems.append("\(file):\(entry.keyPosition): unknown field \"\(entry.key)\"")
                }
                guard let from = item["from"]?.string, let to = item["to"]?.string else {
                    problem(item, "from and to are required strings")
                    continue
                }
                var port: Int?
                if let node = item["port"] {
                    guard case .integer(let number) = node.value, ConnectionSet.portRange.contains(Int(number)) else {
                        problem(node, "port must be a number in 1-65535")
                        continue
                    }
                    port = Int(number)
                }
                var proto: TransportProtocol?
                if let node = item["protocol"] {
                    guard let parsed = node.string.flatMap({ TransportProtocol(name: $0.uppercased()) }) else {
                        problem(node, "protocol must be TCP, UDP or SCTP")
                        continue
                    }
                    proto = parsed
                }
                guard let expect = item["expect"]?.string, expect == "allowed" || expect == "denied" else {
                    problem(item["expect"] ?? item, "expect must be allowed or denied")
                    continue
                }
                let location = SourceLocation(file: file, line: item.position.line, column: item.position.column)
                expectations.append(
                    Expectation(
                        query: ConnectionQuery(from: from, to: to, port: port, proto: proto),
                        allowed: expect == "allowed", location: location))
            }
        }
        return problems.isEmpty ? .success(expectations) : .failure(Problems(lines: problems))
    }

    public struct Problems: Error, Sendable {
        public var lines: [String]
    }
}
