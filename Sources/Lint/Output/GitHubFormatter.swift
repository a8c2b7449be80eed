import Foundation

/// GitHub Actions workflow commands (`::error file=a.yaml,line=5,col=7,title=kubernetes::<message>`), which
/// annotate the pull request, then the summary line. Escaping follows the Actions toolkit: `%`, CR and LF in
/// the message; also `:` and `,` in property values.
public struct GitHubFormatter: ReportFormatter {
    public init() {}

    public func format(_ report: LintReport) -> String {
        FindingLines.text(of: report) { finding, out in
            out += "::\(finding.severity.rawValue) file=\(Self.escapeProperty(finding.file)),"
            out += "line=\(finding.position.line),col=\(finding.position.column),"
            out += "title=\(Self.escapeProperty(finding.rule))::\(Self.escapeData(finding.message))\n"
        }
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
