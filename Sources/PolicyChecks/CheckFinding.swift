import NetworkPolicyValidation

/// One thing a check found on one field.
public struct CheckFinding: Hashable, Sendable {
    public var check: Check
    /// `deny` or `warn`: findings of checks that are `off` are never made.
    public var severity: CheckSeverity
    /// The field the finding is about; empty for a finding about a whole namespace.
    public var path: FieldPath
    /// What is wrong and how to fix it, without the path or the id.
    public var detail: String

    public init(check: Check, severity: CheckSeverity, path: FieldPath, detail: String) {
        self.check = check
        self.severity = severity
        self.path = path
        self.detail = detail
    }

    /// `[<id>] <path>: <detail>`: the text of an AdmissionReview warning and of a lint finding, searchable by id.
    public var message: String {
        path.elements.isEmpty ? "[\(check.id)] \(detail)" : "[\(check.id)] \(path): \(detail)"
    }

    /// `[<id>] <detail>`: the message of a Status cause, whose `field` carries the path.
    public var causeMessage: String {
        "[\(check.id)] \(detail)"
    }
}
