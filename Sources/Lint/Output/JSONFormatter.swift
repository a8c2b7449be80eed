/// `{"findings": [...], "skipped": [...], "summary": {...}}`, one finding or skipped object per line.
/// A finding: `file`, `line`, `column`, `object` (`namespace/name`, `name`, or empty for a file-level finding),
/// `field`, `severity`, `rule`, `message` (the apiserver's full message for `kubernetes` findings).
public struct JSONFormatter: ReportFormatter {
    public init() {}

    public func format(_ report: LintReport) -> String {
        let findings = report.findings.map { finding in
            JSONValue.compact(
                .object([
                    ("file", .string(finding.file)),
                    ("line", .integer(finding.position.line)),
                    ("column", .integer(finding.position.column)),
                    ("object", .string(finding.object)),
                    ("field", .string(finding.field)),
                    ("severity", .string(finding.severity.rawValue)),
                    ("rule", .string(finding.rule)),
                    ("message", .string(finding.message)),
                ]))
        }
        var skipped: [JSONValue] = []
        for object in report.files.flatMap(\.objects) {
            guard case .skipped(let reason) = object.outcome else { continue }
            skipped.append(
                .compact(
                    .object([
                        ("file", .string(object.file)),
                        ("line", .integer(object.position.line)),
                        ("column", .integer(object.position.column)),
                        ("apiVersion", .string(object.apiVersion)),
                        ("kind", .string(object.kind)),
                        ("object", .string(object.name)),
                        ("reason", .string(reason)),
                    ])))
        }
        let summary = report.summary
        let document = JSONValue.object([
            ("findings", .array(findings)),
            ("skipped", .array(skipped)),
            (
                "summary",
                .object([
                    ("files", .integer(summary.files)),
                    ("unreadableFiles", .integer(summary.unreadableFiles)),
                    ("networkPolicies", .integer(summary.networkPolicies)),
                    ("valid", .integer(summary.valid)),
                    ("invalid", .integer(summary.invalid)),
                    ("withWarnings", .integer(summary.withWarnings)),
                    ("skipped", .integer(summary.skipped)),
                    ("errors", .integer(summary.errors)),
                    ("warnings", .integer(summary.warnings)),
                ])
            ),
        ])
        return document.rendered() + "\n"
    }
}
