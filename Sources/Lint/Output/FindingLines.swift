import Foundation

/// The line-per-finding formats (text, GitHub): each file's lines are built on their own, on every core for a
/// large run, and joined in report order.
enum FindingLines {
    /// What `append` writes for every finding of `report`, in report order, then the summary line.
    static func text(of report: LintReport, _ append: @Sendable (Finding, inout String) -> Void) -> String {
        let parts = ConcurrentWork.map(report.files, concurrency: ProcessInfo.processInfo.activeProcessorCount) {
            file in
            // Room for every line up front (its file, message and ~64 bytes of the rest), not grown line by line.
            var capacity = 0
            file.forEachFinding { capacity += $0.file.utf8.count + $0.message.utf8.count + 64 }
            var out = ""
            out.reserveCapacity(capacity)
            file.forEachFinding { append($0, &out) }
            return out
        }
        var out = ""
        out.reserveCapacity(parts.reduce(0) { $0 + $1.utf8.count } + 200)
        for part in parts { out += part }
        out += report.summary.line + "\n"
        return out
    }
}
