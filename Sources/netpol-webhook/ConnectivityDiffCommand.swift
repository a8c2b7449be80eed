import ArgumentParser

struct ConnectivityDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Compare two sets of manifests.")
}
