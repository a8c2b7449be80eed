/// Turns a lint report into the bytes one output format prints. Every format implements this one protocol
/// (kubeconform's output package, one type per format).
public protocol ReportFormatter: Sendable {
    /// The whole output, newline-terminated.
    func format(_ report: LintReport) -> String
}
