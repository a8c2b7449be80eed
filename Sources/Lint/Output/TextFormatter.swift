/// Compiler-style lines, `file:line:column: error: <message>` (or `warning:`), then the summary line.
public struct TextFormatter: ReportFormatter {
    public init() {}

    public func format(_ report: LintReport) -> String {
        var out = ""
        for finding in report.findings {
            out += Self.line(for: finding) + "\n"
        }
        out += report.summary.line + "\n"
        return out
    }

    public static func line(for finding: Finding) -> String {
        "\(finding.file):\(finding.position.line):\(finding.position.column): \(finding.severity.rawValue): \(finding.message)"
    }
}
