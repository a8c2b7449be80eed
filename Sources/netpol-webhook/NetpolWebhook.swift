import ArgumentParser

/// The one executable: `serve`, `lint` and `review`.
@main
struct NetpolWebhook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "netpol-webhook",
        abstract: "Validating admission webhook and linter for networking.k8s.io/v1 NetworkPolicy.",
        subcommands: [ServeCommand.self, LintCommand.self, ReviewCommand.self]
    )
}

/// Which rules apply: exactly the apiserver's, or those plus our own checks.
enum RuleSet: String, ExpressibleByArgument, CaseIterable {
    case kubernetes
    case all
}
