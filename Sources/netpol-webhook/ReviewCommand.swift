import Admission
import ArgumentParser
import Foundation

/// `netpol-webhook review`: one AdmissionReview in, the response on stdout. Local testing without TLS.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Answer one AdmissionReview from a file or stdin, printing the response AdmissionReview.",
        discussion: """
            Exit status: 0 when a response was printed (allowed or denied), 2 when the input is not an \
            AdmissionReview this webhook can answer.
            """
    )

    @Argument(help: "The AdmissionReview JSON file, or - for standard input.")
    var file: String = "-"

    @OptionGroup var checkOptions: CheckOptions

    func run() throws {
        let handler = AdmissionHandler(checks: checkOptions.checks(command: "review"))
        let body: Data
        do {
            body = try readInput(file)
        } catch {
            Diagnostics.fail("review: cannot read \(file): \(error.localizedDescription)")
        }
        do {
            let outcome = try handler.review(body)
            print(outcome.json)
        } catch {
            Diagnostics.fail("review: \(file == "-" ? "stdin" : file) is not an AdmissionReview: \(error)")
        }
    }
}

/// Reads a whole file, or standard input for `-`.
func readInput(_ path: String) throws -> Data {
    if path == "-" {
        return FileHandle.standardInput.readDataToEndOfFile()
    }
    return try Data(contentsOf: URL(fileURLWithPath: path))
}

/// Messages for people on standard error, and the exit codes that go with them.
enum Diagnostics {
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints `message` and exits with 2, the code for unusable input.
    static func fail(_ message: String) -> Never {
        printError(message)
        Foundation.exit(2)
    }
}
