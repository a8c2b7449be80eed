import ArgumentParser

struct ConnectivityTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Check connectivity expectations.")
}
