/// Compiler-style lines, `file:line:column: error: <message>` (or `warning:`), then the summary line.
public struct TextFormatter: ReportFormatter {
    public init() {}

    public func format(_ report: LintReport) -> String {
        FindingLines.text(of: report) { finding, out in
            Self.append(finding, to: &out)
            out += "\n"
        }
    }

    public static func line(for finding: Finding) -> String {
        var line = ""
        append(finding, to: &line)
        return line
    }

    private static func append(_ finding: Finding, to out: inout String) {
        out += finding.file
        out += ":"
        out += String(finding.position.line)
        out += ":"
        out += String(finding.position.column)
        out += ": "
        out += finding.severity.rawValue
        out += ": "
        out += finding.message
    }
}
