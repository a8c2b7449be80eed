import ArgumentParser
import Foundation

/// The one executable: `serve`, `lint` and `review`.
@main
struct NetpolWebhook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netpol-webhook",
        abstract: "Validating admission webhook and linter for networking.k8s.io/v1 NetworkPolicy.",
        subcommands: [
            ServeCommand.self, LintCommand.self, ReviewCommand.self, ChecksCommand.self, ConnectivityCommand.self,
        ]
    )

    /// ArgumentParser exits 64 on usage errors; our contract is 2 for every usage error, as for unusable input.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Which rules apply: exactly the apiserver's, or those plus our own checks.
enum RuleSet: String, ExpressibleByArgument, CaseIterable {
    case kubernetes
    case all
}
