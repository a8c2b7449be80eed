import Foundation
import PolicyChecks
import Testing

@testable import Lint

/// Every file of the shared corpus of real-world manifests (`../shared/corpus` beside the repository) goes
/// through the linter without a crash, and the JSON report matches `Fixtures/corpus-expected.json`. The run is
/// `lint`'s default: the apiserver's rules plus the checks at their default severities.
///
/// The expectation changes as validation rules land. Regenerate it with
/// `UPDATE_EXPECTED=1 swift test --filter CorpusTests`, then read the diff for false results.
/// Skipped when the corpus folder is absent, except under CI (`CI=true`), where a missing corpus fails.
struct CorpusTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static let expected = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corpus-expected.json")

    static var corpusExists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: corpus.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test(.enabled(if: corpusExists || isCI, "../shared/corpus is not present"))
    func corpusMatchesExpectedReport() throws {
        try #require(Self.corpusExists, "CI=true and \(Self.corpus.path) is missing: the corpus tests cannot run")
        let report = Linter(options: LintOptions(checks: CheckConfiguration()))
            .lint(paths: [Self.corpus.path], relativeTo: Self.corpus.path)
        let output = JSONFormatter().format(report)
        #expect(report.summary.files > 0)
        if ProcessInfo.processInfo.environment["UPDATE_EXPECTED"] == "1" {
            try Data(output.utf8).write(to: Self.expected)
            return
        }
        let expected = try String(contentsOf: Self.expected, encoding: .utf8)
        if output != expected {
            let got = output.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference =
                zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record(
                """
                corpus report differs from Fixtures/corpus-expected.json at line \(firstDifference + 1) \
                (regenerate with UPDATE_EXPECTED=1 and review the diff):
                got:      \(firstDifference < got.count ? got[firstDifference] : "<end>")
                expected: \(firstDifference < want.count ? want[firstDifference] : "<end>")
                """)
        }
    }

    @Test(.enabled(if: corpusExists, "../shared/corpus is not present"))
    func serialAndConcurrentRunsAgree() {
        let checks = CheckConfiguration(severities: [.missingDefaultDeny: .warn])
        let serial = Linter(options: LintOptions(checks: checks, concurrency: 1))
            .lint(paths: [Self.corpus.path], relativeTo: Self.corpus.path)
        let concurrent = Linter(options: LintOptions(checks: checks, concurrency: 4))
            .lint(paths: [Self.corpus.path], relativeTo: Self.corpus.path)
        #expect(serial == concurrent)
    }
}
