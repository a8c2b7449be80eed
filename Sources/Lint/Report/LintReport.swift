/// The result of a lint run: one report per input file, in input order.
public struct LintReport: Hashable, Sendable {
    public var files: [FileReport]
    public var summary: LintSummary

    public init(files: [FileReport]) {
        self.files = files
        self.summary = LintSummary(files)
    }

    /// Every finding, in file order then object order.
    public var findings: [Finding] {
        files.flatMap(\.findings)
    }

    /// 2 when a file could not be read (it wins: the run did not see everything), 1 when there is an error (on
    /// a NetworkPolicy, or a namespace-wide check's on a workload), else 0.
    public var exitCode: Int32 {
        if summary.unreadableFiles > 0 { return 2 }
        if summary.invalid > 0 || summary.errors > 0 { return 1 }
        return 0
    }
}
