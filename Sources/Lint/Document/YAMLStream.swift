/// Splits a YAML (or JSON) stream into documents with positions, through libyaml (`DocumentReader`), converting
/// each document the way sigs.k8s.io/yaml converts YAML to JSON.
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
        try DocumentReader.documents(in: text)
    }
}
