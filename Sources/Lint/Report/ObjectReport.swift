/// One Kubernetes object found in a file (a document, or an item of a `List`): checked or skipped.
public struct ObjectReport: Hashable, Sendable {
    /// Whether the object was checked, and why not.
    public enum Outcome: Hashable, Sendable {
        /// A `networking.k8s.io/v1` NetworkPolicy; valid or invalid according to its findings.
        case checked
        /// Not ours (another kind or API group, or not a Kubernetes object at all), with the reason.
        case skipped(reason: String)
    }

    public var file: String
    public var position: SourcePosition
    /// The object's `apiVersion` and `kind`, empty when absent.
    public var apiVersion: String
    public var kind: String
    /// `namespace/name`, or `name`.
    public var name: String
    public var outcome: Outcome
    public var findings: [Finding]
    /// For the checks over whole namespaces; not part of any output.
    var facts: ObjectFacts?
    /// For the checks on the connectivity engine; not part of any output.
    var connectivity: ConnectivityFacts?

    public init(
        file: String, position: SourcePosition, apiVersion: String, kind: String, name: String, outcome: Outcome,
        findings: [Finding] = []
    ) {
        self.file = file
        self.position = position
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.outcome = outcome
        self.findings = findings
    }

    public var isSkipped: Bool {
        if case .skipped = outcome { return true }
        return false
    }

    /// Checked and has at least one error.
    public var isInvalid: Bool {
        !isSkipped && findings.contains { $0.severity == .error }
    }

    /// Checked, no error, at least one warning.
    public var hasOnlyWarnings: Bool {
        !isSkipped && !isInvalid && findings.contains { $0.severity == .warning }
    }
}
