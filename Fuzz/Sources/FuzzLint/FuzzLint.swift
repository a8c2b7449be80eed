import CFuzzer
import Lint
import PolicyChecks

/// `lint` on arbitrary bytes as a YAML or JSON file: every input gets a report (findings, or an unreadable-file
/// reason), never a crash or a hang, with the apiserver's rules alone and unknown fields allowed, and strict (the
/// default) with our checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLint(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for linter in linters {
        let report = linter.lint(text: text, file: "fuzz.yaml")
        precondition(report.path == "fuzz.yaml")
    }
    return 0
}

private let linters = [
    Linter(options: LintOptions(strict: false, concurrency: 1)),
    Linter(options: LintOptions(strict: true, checks: CheckConfiguration(), concurrency: 1)),
]

/// SwiftPM links an executable target's entry point under the name `<module>_main` (and points `main` at it), which
/// leaves out libFuzzer's own `main`; hand the command line to libFuzzer's driver instead.
@_cdecl("FuzzLint_main")
public func fuzzLintMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzLint(data, size) }
}

