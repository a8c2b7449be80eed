/// JUnit XML for CI test reports: a `testsuite` per file, a `testcase` per object (`<Kind> <object> (line N)`),
/// a `failure` per error, `skipped` for objects that are not ours, an `error` for an unreadable file, and
/// warnings in the test case's `system-out`.
public struct JUnitFormatter: ReportFormatter {
    public init() {}

    public func format(_ report: LintReport) -> String {
        var suites = ""
        var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)
        for file in report.files {
            var cases = ""
            var counts = (tests: 0, failures: 0, errors: 0, skipped: 0)
            if let unreadable = file.unreadable {
                counts.tests += 1
                counts.errors += 1
                cases += "    <testcase name=\"\(Self.escape(file.path))\" classname=\"\(Self.escape(file.path))\">\n"
                cases +=
                    "      <error message=\"\(Self.escape(unreadable.message))\" type=\"\(Self.escape(unreadable.rule))\">"
                cases += Self.escape(TextFormatter.line(for: unreadable)) + "</error>\n"
                cases += "    </testcase>\n"
            }
            for object in file.objects {
                counts.tests += 1
                let name =
                    [object.kind.isEmpty ? "object" : object.kind, object.name].filter { !$0.isEmpty }
                    .joined(separator: " ") + " (line \(object.position.line))"
                cases += "    <testcase name=\"\(Self.escape(name))\" classname=\"\(Self.escape(file.path))\">\n"
                if case .skipped(let reason) = object.outcome {
                    counts.skipped += 1
                    cases += "      <skipped message=\"\(Self.escape(reason))\"/>\n"
                }
                let errors = object.findings.filter { $0.severity == .error }
                if !errors.isEmpty { counts.failures += 1 }
                for finding in errors {
                    cases +=
                        "      <failure message=\"\(Self.escape(finding.message))\" type=\"\(Self.escape(finding.rule))\">"
                    cases += Self.escape(TextFormatter.line(for: finding)) + "</failure>\n"
                }
                let warnings = object.findings.filter { $0.severity == .warning }
                if !warnings.isEmpty {
                    let text = warnings.map { TextFormatter.line(for: $0) }.joined(separator: "\n")
                    cases += "      <system-out>\(Self.escape(text))</system-out>\n"
                }
                cases += "    </testcase>\n"
            }
            suites +=
                "  <testsuite name=\"\(Self.escape(file.path))\" tests=\"\(counts.tests)\" "
                + "failures=\"\(counts.failures)\" errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\">\n"
            suites += cases + "  </testsuite>\n"
            totals.tests += counts.tests
            totals.failures += counts.failures
            totals.errors += counts.errors
            totals.skipped += counts.skipped
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"netpol-webhook lint\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" "
            + "errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\">\n"
            + suites + "</testsuites>\n"
    }

    /// XML 1.0 text and attribute escaping; characters XML 1.0 cannot carry at all become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
