import Lint
import PolicyChecks

/// `lint` on arbitrary bytes as a YAML or JSON file: every input gets a report (findings, or an unreadable-file
/// reason), never a crash or a hang, with the apiserver's rules alone, and strict with our checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLint(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for linter in linters {
        let report = linter.lint(text: text, file: "fuzz.yaml")
        precondition(report.path == "fuzz.yaml")
    }
    return 0
}

private let linters = [
    Linter(options: LintOptions(concurrency: 1)),
    Linter(options: LintOptions(strict: true, checks: CheckConfiguration(), concurrency: 1)),
]
