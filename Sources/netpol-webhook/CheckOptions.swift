import ArgumentParser
import Foundation
import PolicyChecks

/// `--rules` and `--config`, shared by `serve`, `lint` and `review`.
struct CheckOptions: ParsableArguments {
    @Option(help: "Which rules apply: kubernetes (exactly the apiserver's) or all (plus the checks).")
    var rules: RuleSet = .all

    @Option(help: "YAML file setting check severities, clusterCIDRs and exempt namespaces (see README, Checks).")
    var config: String?

    /// The checks to run, nil for `--rules kubernetes`. A configuration file is read and refused (exit 2 with
    /// the line and the reason) even then, so a bad file never waits for the day the rules change.
    func checks(command: String) -> CheckConfiguration? {
        let configuration = Self.load(config, command: command)
        return rules == .all ? configuration : nil
    }

    /// The configuration in `path`, or the defaults without one; exits 2 with the line and the reason when the
    /// file cannot be read or is refused.
    static func load(_ path: String?, command: String) -> CheckConfiguration {
        var configuration = CheckConfiguration()
        if let config = path {
            let text: String
            do {
                text = try String(contentsOfFile: config, encoding: .utf8)
            } catch {
                Diagnostics.fail("\(command): cannot read the configuration \(config): \(error.localizedDescription)")
            }
            do {
                configuration = try CheckConfiguration.parse(text)
            } catch {
                Diagnostics.fail(
                    "\(command): bad configuration \(config):\(error.line):\(error.column): \(error.reason)")
            }
        }
        return configuration
    }
}
