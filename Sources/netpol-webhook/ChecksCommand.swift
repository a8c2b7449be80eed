import ArgumentParser
import Foundation
import PolicyChecks

/// `netpol-webhook checks`: the table of check ids, severities and what each catches.
struct ChecksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "List the checks beyond the apiserver's rules: id, severity, what each catches.",
        discussion: "With --config, the severities are those the configuration gives."
    )

    @Option(help: "YAML configuration file whose severities to show.")
    var config: String?

    func run() throws {
        let configuration = CheckOptions.load(config, command: "checks")
        print(Self.table(configuration), terminator: "")
    }

    static func table(_ configuration: CheckConfiguration) -> String {
        let width = Check.allCases.map(\.id.count).max() ?? 0
        var out = "ID".padding(toLength: width + 2, withPad: " ", startingAt: 0) + "SEVERITY  WHAT IT CATCHES\n"
        for check in Check.allCases {
            out += check.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            out += configuration.severity(of: check).rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            out += check.summary + "\n"
        }
        return out
    }
}
