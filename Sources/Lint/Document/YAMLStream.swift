import Foundation
import Yams

/// Splits a YAML (or JSON) stream into documents with positions, through Yams (libyaml), converting each
/// document the way sigs.k8s.io/yaml converts YAML to JSON.
public enum YAMLStream {
    /// A stream libyaml could not parse, with go-yaml's wording (`yaml: line 19: found character that cannot
    /// start any token`) and the position of the problem.
    public struct SyntaxError: Error, Hashable, Sendable {
        public var message: String
        public var position: SourcePosition
    }

    /// A part of a document the YAML-to-JSON conversion cannot represent (a null or collection used as a mapping
    /// key, a merge of a scalar); the entry is dropped and the problem reported where the object is checked.
    public struct ConversionIssue: Hashable, Sendable {
        public var message: String
        public var position: SourcePosition
    }

    /// One document: nil root for an empty document (`---` with nothing after it, a comment-only file).
    public struct Document: Sendable {
        public var root: YAMLNode?
        public var conversionIssues: [ConversionIssue]
    }

    /// Every document of `text`, or the first syntax error. A stream fails as a whole: documents before a
    /// syntax error are not returned, so a half-readable file is one unreadable file, not a partial result.
    public static func documents(in text: String) throws(SyntaxError) -> [Document] {
        var documents: [Document] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default)
            while let node = try parser.nextRoot() {
                var converter = Converter()
                let root = converter.convert(node)
                documents.append(Document(root: isEmpty(root) ? nil : root, conversionIssues: converter.issues))
            }
        } catch let error as YamlError {
            throw syntaxError(from: error)
        } catch {
            throw SyntaxError(message: "yaml: \(error)", position: .start)
        }
        return documents
    }

    private static func isEmpty(_ node: YAMLNode) -> Bool {
        if case .null = node.value { return true }
        return false
    }

    /// go-yaml's wording, `yaml: line N: <problem>`. N is the line of the problem in the file; kubectl's own
    /// numbers differ (it counts from the start of the document, and sometimes names the context's line).
    static func syntaxError(from error: YamlError) -> SyntaxError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return SyntaxError(
                message: "yaml: line \(mark.line): \(problem)", position: SourcePosition(line: mark.line, column: mark.column))
        case .reader(let problem, let offset, _, let yaml):
            var position = SourcePosition.start
            if let offset {
                let prefix = yaml.prefix(offset)
                let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                let column = prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.unicodeScalars.count ?? 0
                position = SourcePosition(line: line, column: column + 1)
            }
            return SyntaxError(message: "yaml: \(problem)", position: position)
        default:
            return SyntaxError(message: "yaml: \(error)", position: .start)
        }
    }

    /// Converts Yams nodes; one per document because it collects that document's issues.
    private struct Converter {
        var issues: [ConversionIssue] = []

        mutating func convert(_ node: Node) -> YAMLNode {
            switch node {
            case .scalar(let scalar):
                return YAMLNode(Self.value(of: scalar), at: Self.position(scalar.mark))
            case .sequence(let sequence):
                return YAMLNode(.sequence(sequence.map { convert($0) }), at: Self.position(sequence.mark))
            case .mapping(let mapping):
                var entries: [YAMLEntry] = []
                entries.reserveCapacity(mapping.count)
                var merged: [YAMLEntry] = []
                for (key, value) in mapping {
                    if case .scalar(let scalar) = key, scalar.string == "<<", scalar.style == .plain || scalar.style == .any {
                        merged.append(contentsOf: mergeEntries(value))
                        continue
                    }
                    guard let name = keyString(key) else { continue }
                    entries.append(YAMLEntry(key: name, keyPosition: Self.position(key.mark), value: convert(value)))
                }
                // go-yaml v2: keys written in the mapping itself win over merged ones, whatever the order.
                for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
                    entries.append(entry)
                }
                return YAMLNode(.mapping(entries), at: Self.position(mapping.mark))
            }
        }

        /// The entries a `<<` merge key brings in: one mapping, or a list of mappings (earlier ones win).
        mutating func mergeEntries(_ node: Node) -> [YAMLEntry] {
            var result: [YAMLEntry] = []
            let sources: [Node]
            switch node {
            case .mapping: sources = [node]
            case .sequence(let sequence): sources = Array(sequence)
            case .scalar:
                issues.append(ConversionIssue(
                    message: "yaml: map merge requires map or sequence of maps as the value",
                    position: Self.position(node.mark)))
                return []
            }
            for source in sources {
                let converted = convert(source)
                guard case .mapping(let entries) = converted.value else {
                    issues.append(ConversionIssue(
                        message: "yaml: map merge requires map or sequence of maps as the value",
                        position: converted.position))
                    continue
                }
                for entry in entries where !result.contains(where: { $0.key == entry.key }) {
                    result.append(entry)
                }
            }
            return result
        }

        /// sigs.k8s.io/yaml's key conversion: strings stay, integers and booleans print, floats print as
        /// `strconv.FormatFloat(f, 'g', -1, 32)`; null and collections cannot be JSON keys.
        mutating func keyString(_ key: Node) -> String? {
            guard case .scalar(let scalar) = key else {
                issues.append(ConversionIssue(
                    message: "error converting YAML to JSON: a mapping key must be a scalar",
                    position: Self.position(key.mark)))
                return nil
            }
            switch Self.value(of: scalar) {
            case .string(let string): return string
            case .integer(let integer): return String(integer)
            case .unsignedInteger(let integer): return String(integer)
            case .bool(let bool): return bool ? "true" : "false"
            case .float(let double):
                if double.isNaN { return ".nan" }
                if double.isInfinite { return double < 0 ? "-.inf" : ".inf" }
                return GoNumber.format(Double(Float(double)))
            case .null:
                issues.append(ConversionIssue(
                    message: "error converting YAML to JSON: unsupported map key of type: <nil>",
                    position: Self.position(key.mark)))
                return nil
            case .mapping, .sequence:
                return nil
            }
        }

        static func value(of scalar: Node.Scalar) -> YAMLNode.Value {
            switch scalar.tag.description {
            case "":
                return scalar.style == .plain || scalar.style == .any ? ScalarResolver.resolvePlain(scalar.string) : .string(scalar.string)
            case Tag.Name.null.rawValue, Tag.Name.bool.rawValue, Tag.Name.int.rawValue, Tag.Name.float.rawValue:
                return ScalarResolver.resolvePlain(scalar.string)
            default:
                // `!!str`, `!!binary`, `!!timestamp`, the non-specific `!` and application tags: go-yaml keeps the text.
                return .string(scalar.string)
            }
        }

        static func position(_ mark: Mark?) -> SourcePosition {
            guard let mark else { return .start }
            return SourcePosition(line: mark.line, column: mark.column)
        }
    }
}
