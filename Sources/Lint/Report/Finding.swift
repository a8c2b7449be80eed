/// One thing to tell the user, located at a position in a file.
public struct Finding: Hashable, Sendable {
    /// The file as the user named it (or relative to the directory they named).
    public var file: String
    public var position: SourcePosition
    /// `namespace/name`, or `name` when the object has no namespace; empty when the finding is about the file.
    public var object: String
    /// The field path (`spec.ingress[0].ports[0].port`); empty when the finding is about the file or object.
    public var field: String
    public var severity: Severity
    /// A `RuleID` constant or the id of a later check.
    public var rule: String
    /// For `kubernetes` findings, the apiserver's full message (`<path>: <body>`).
    public var message: String

    public init(
        file: String, position: SourcePosition, object: String, field: String, severity: Severity, rule: String,
        message: String
    ) {
        self.file = file
        self.position = position
        self.object = object
        self.field = field
        self.severity = severity
        self.rule = rule
        self.message = message
    }
}
