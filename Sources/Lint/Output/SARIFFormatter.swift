import PolicyChecks

/// SARIF 2.1.0 (OASIS), as GitHub code scanning reads it: one run, the built-in rules and every check (with its
/// fix as help text) in `tool.driver.rules`,
/// one result per finding with a relative `artifactLocation.uri` and a 1-based region. Columns count Unicode
/// code points, which the run declares with `columnKind`.
public struct SARIFFormatter: ReportFormatter {
    public static let informationURI = "https://kubernetes.io/docs/concepts/services-networking/network-policies/"

    public init() {}

    public func format(_ report: LintReport) -> String {
        let builtIn = RuleID.descriptions.map { (id: $0.id, short: $0.help, help: $0.help) }
        let checks = Check.allCases.map { (id: $0.id, short: $0.summary, help: "\($0.summary) Fix: \($0.fix)") }
        let rules = (builtIn + checks).map { rule in
            JSONValue.compact(
                .object([
                    ("id", .string(rule.id)),
                    ("shortDescription", .object([("text", .string(rule.short))])),
                    ("help", .object([("text", .string(rule.help))])),
                ]))
        }
        let results = report.findings.map { finding in
            JSONValue.compact(
                .object([
                    ("ruleId", .string(finding.rule)),
                    ("level", .string(finding.severity == .error ? "error" : "warning")),
                    ("message", .object([("text", .string(finding.message))])),
                    (
                        "locations",
                        .array([
                            .object([
                                (
                                    "physicalLocation",
                                    .object([
                                        ("artifactLocation", .object([("uri", .string(Self.uri(finding.file)))])),
                                        (
                                            "region",
                                            .object([
                                                ("startLine", .integer(finding.position.line)),
                                                ("startColumn", .integer(finding.position.column)),
                                            ])
                                        ),
                                    ])
                                )
                            ])
                        ])
                    ),
                ]))
        }
        let document = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            (
                "runs",
                .array([
                    .object([
                        (
                            "tool",
                            .object([
                                (
                                    "driver",
                                    .object([
                                        ("name", .string("netpol-webhook")),
                                        ("informationUri", .string(Self.informationURI)),
                                        ("rules", .array(rules)),
                                    ])
                                )
                            ])
                        ),
                        ("columnKind", .string("unicodeCodePoints")),
                        ("results", .array(results)),
                    ])
                ])
            ),
        ])
        return document.rendered() + "\n"
    }

    /// A URI reference for a report path: relative paths stay relative, absolute ones become `file://` URIs;
    /// everything but unreserved characters and `/` is percent-encoded.
    static func uri(_ path: String) -> String {
        var out = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
