import ArgumentParser

/// `netpol-webhook lint`: the validation rules over manifest files.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Lint NetworkPolicy manifests.")

    func run() throws {}
}
