/// The output formats of `netpol-webhook lint --output`.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, github

    public var formatter: any ReportFormatter {
        switch self {
        case .text: TextFormatter()
        case .json: JSONFormatter()
        case .sarif: SARIFFormatter()
        case .junit: JUnitFormatter()
        case .github: GitHubFormatter()
        }
    }
}
