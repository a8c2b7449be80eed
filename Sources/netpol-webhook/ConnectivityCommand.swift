import ArgumentParser
import Connectivity
import ConnectivityReader
import Foundation

/// `netpol-webhook connectivity`: who can reach whom under the policies in a set of manifests.
struct ConnectivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectivity",
        abstract: "Who can reach whom under the NetworkPolicies in a set of manifests.",
        discussion: """
            Reads files, directories and - (standard input) as lint does: Namespaces, Pods, Deployments, \
            ReplicaSets, ReplicationControllers, StatefulSets, DaemonSets, Jobs, CronJobs and \
            networking.k8s.io/v1 NetworkPolicies, alone or in List objects. Policies the API server would reject \
            are reported and left out. Addresses outside the cluster are the IP ranges the ipBlocks cut; pod IPs \
            are not in manifests, so an ipBlock never matches a pod.
            """,
        subcommands: [
            ConnectivityListCommand.self, ConnectivityCheckCommand.self, ConnectivityTestCommand.self,
            ConnectivityDiffCommand.self,
        ]
    )
}

/// Reading the manifests once for a connectivity subcommand: problems to standard error, the analysis back.
enum ConnectivityInput {
    static func analyse(_ paths: [String]) -> (ConnectivityAnalysis, ClusterReading) {
        let reading = ClusterReader.read(paths: paths)
        let problems = reading.problemLines
        if !problems.isEmpty {
            FileHandle.standardError.write(Data(problems.map { $0 + "\n" }.joined().utf8))
        }
        return (ConnectivityAnalysis(reading.cluster), reading)
    }

    /// `Error: <message>` and the usage line on standard error, exit 2 (the contract for every usage error).
    static func usageError(_ message: String, usage: String) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(message)\nUsage: netpol-webhook connectivity \(usage)\n".utf8))
        return ExitCode(2)
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func write(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
