import ArgumentParser
import Connectivity
import ConnectivityReader
import Foundation

/// `netpol-webhook connectivity test`: connectivity expectations checked against manifests, for CI.
struct ConnectivityTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Check a file of connectivity expectations against the manifests.",
        discussion: """
            EXPECTATIONS is a YAML list of {from, to, port?, protocol?, expect: allowed|denied}; from and to as \
            for check. Text output: one line per failed expectation with why, then a summary line.

            Exit status: 0 every expectation holds, 1 one fails, 2 bad input (the expectations file, an unknown \
            workload, an unreadable manifest).
            """
    )

    @Argument(help: "The expectations file.")
    var expectations: String

    @Argument(help: "Files, directories, or - for standard input.")
    var paths: [String] = []

    @Option(name: [.short, .long], help: "Output format: text or junit.")
    var output: String = "text"

    func run() throws {
        guard output == "text" || output == "junit" else {
            throw ConnectivityInput.usageError(
                "unknown output format \"\(output)\" (use text, junit)", usage: Self.usageString())
        }
        guard !paths.isEmpty else {
            throw ConnectivityInput.usageError(
                "no input: give files, directories, or - for standard input", usage: Self.usageString())
        }
        guard let data = FileManager.default.contents(atPath: expectations) else {
            throw ConnectivityInput.usageError("cannot read \(expectations)", usage: Self.usageString())
        }
        let list: [Expectation]
        switch ExpectationReader.read(text: String(decoding: data, as: UTF8.self), file: expectations) {
        case .success(let read): list = read
        case .failure(let problems):
            FileHandle.standardError.write(Data(problems.lines.map { $0 + "\n" }.joined().utf8))
            throw ExitCode(2)
        }
        let (analysis, reading) = ConnectivityInput.analyse(paths)
        if reading.exitCode == 2 { throw ExitCode(2) }
        let results = list.map { ($0, $0.evaluate(in: analysis)) }
        ConnectivityInput.write(output == "junit" ? Self.junit(results, file: expectations) : Self.text(results))
        if results.contains(where: { if case .error = $0.1 { true } else { false } }) { throw ExitCode(2) }
        if results.contains(where: { if case .failed = $0.1 { true } else { false } }) { throw ExitCode(1) }
    }

    static func locationPrefix(_ expectation: Expectation) -> String {
        expectation.location.map { "\($0): " } ?? ""
    }

    static func text(_ results: [(Expectation, Expectation.Outcome)]) -> String {
        var out = ""
        var failed = 0
        var errors = 0
        for (expectation, outcome) in results {
            switch outcome {
            case .passed:
                continue
            case .failed(let verdict, let reasons):
                failed += 1
                out += "\(locationPrefix(expectation))FAIL \(expectation.description), but \(verdict)\n"
                out += reasons.map { $0 + "\n" }.joined()
            case .error(let message):
                errors += 1
                out += "\(locationPrefix(expectation))ERROR \(expectation.description): \(message)\n"
            }
        }
        let passed = results.count - failed - errors
        out += "\(results.count) expectations: \(passed) passed, \(failed) failed"
        out += errors == 0 ? "\n" : ", \(errors) errors\n"
        return out
    }

    static func junit(_ results: [(Expectation, Expectation.Outcome)], file: String) -> String {
        let failed = results.filter { if case .failed = $0.1 { true } else { false } }.count
        let errors = results.filter { if case .error = $0.1 { true } else { false } }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"netpol-webhook connectivity test\" tests=\"\(results.count)\" failures=\"\(failed)\" errors=\"\(errors)\">\n"
        out +=
            "  <testsuite name=\(xml(file)) tests=\"\(results.count)\" failures=\"\(failed)\" errors=\"\(errors)\">\n"
        for (expectation, outcome) in results {
            let name = xml(expectation.description)
            let classname = xml(expectation.location.map { "\($0)" } ?? file)
            switch outcome {
            case .passed:
                out += "    <testcase name=\(name) classname=\(classname)/>\n"
            case .failed(let verdict, let reasons):
                out += "    <testcase name=\(name) classname=\(classname)>\n"
                out += "      <failure message=\(xml(verdict))>\(xmlText(reasons.joined(separator: "\n")))</failure>\n"
                out += "    </testcase>\n"
            case .error(let message):
                out += "    <testcase name=\(name) classname=\(classname)>\n"
                out += "      <error message=\(xml(message))/>\n"
                out += "    </testcase>\n"
            }
        }
        return out + "  </testsuite>\n</testsuites>\n"
    }

    /// A quoted XML attribute value.
    static func xml(_ text: String) -> String {
        "\"" + xmlText(text).replacingOccurrences(of: "\"", with: "&quot;") + "\""
    }

    static func xmlText(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
