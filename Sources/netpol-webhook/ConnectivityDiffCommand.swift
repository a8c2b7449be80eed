import ArgumentParser
import Connectivity
import Foundation

/// `netpol-webhook connectivity diff`: what a change to the manifests opens and closes.
struct ConnectivityDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the connections two sets of manifests allow (a base branch and a pull request).",
        discussion: """
            OLD and NEW are each a file, a directory or - ; further paths are read into both. One entry per pair whose connections differ: added \
            (only NEW allows anything), removed (only OLD), changed (both, differently). md suits a pull request \
            comment.

            Exit status: 0 whatever changed, unless --fail-on names a kind present (added: NEW opens any port OLD \
            did not; removed: NEW closes any; any: either), then 1; 2 bad input.
            """
    )

    @Argument(help: "The manifests before.")
    var old: String

    @Argument(help: "The manifests after.")
    var new: String

    @Argument(help: "Manifests read into both sides (workloads that do not change).")
    var shared: [String] = []

    @Option(name: [.short, .long], help: "Output format: text, md, json or csv.")
    var output: String = "text"

    @Option(name: .long, help: "Exit 1 when the change opens (added), closes (removed) or changes (any) something.")
    var failOn: String?

    func run() throws {
        guard let format = ConnectivityDiff.Format(rawValue: output) else {
            throw ConnectivityInput.usageError(
                "unknown output format \"\(output)\" (use text, md, json, csv)", usage: Self.usageString())
        }
        let failOn: ConnectivityDiff.Change??
        switch self.failOn {
        case nil: failOn = nil
        case "added": failOn = .some(.added)
        case "removed": failOn = .some(.removed)
        case "any": failOn = .some(nil)
        case let other?:
            throw ConnectivityInput.usageError(
                "unknown --fail-on \"\(other)\" (use added, removed, any)", usage: Self.usageString())
        }
        let (before, oldReading) = ConnectivityInput.analyse([old] + shared)
        let (after, newReading) = ConnectivityInput.analyse([new] + shared)
        if oldReading.exitCode == 2 || newReading.exitCode == 2 { throw ExitCode(2) }
        let diff = ConnectivityDiff(old: before, new: after)
        ConnectivityInput.write(diff.render(format))
        if let failOn, diff.has(failOn) { throw ExitCode(1) }
    }
}
