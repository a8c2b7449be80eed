import ArgumentParser
import Connectivity
import Foundation

/// `netpol-webhook connectivity check`: one connection, allowed or denied.
struct ConnectivityCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say whether one connection is allowed, and why.",
        discussion: """
            SRC and DST are ns/name, ns/name[Kind], a workload name found in one namespace only, or an IP \
            address (outside the cluster). Without --port, the connection is allowed when anything is (of \
            --protocol when given).

            Exit status: 0 allowed, 1 denied, 2 bad input (usage, an unknown workload, an unreadable file).
            """
    )

    @Option(name: .long, help: "Source: ns/name, ns/name[Kind] or an IP address.")
    var from: String

    @Option(name: .long, help: "Destination: ns/name, ns/name[Kind] or an IP address.")
    var to: String

    @Option(name: .long, help: "Destination port number.")
    var port: Int?

    @Option(name: .long, help: "TCP, UDP or SCTP (TCP when --port is given alone).")
    var `protocol`: String?

    @Flag(name: .long, help: "Show the policies isolating each side and the rules that admit the peer.")
    var explain = false

    @Argument(help: "Files, directories, or - for standard input.")
    var paths: [String] = []

    func run() throws {
        guard !paths.isEmpty else {
            throw ConnectivityInput.usageError(
                "no input: give files, directories, or - for standard input", usage: Self.usageString())
        }
        var proto: TransportProtocol?
        if let name = `protocol` {
            guard let parsed = TransportProtocol(name: name.uppercased()) else {
                throw ConnectivityInput.usageError(
                    "unknown protocol \"\(name)\" (use TCP, UDP or SCTP)", usage: Self.usageString())
            }
            proto = parsed
        }
        if let port, !ConnectionSet.portRange.contains(port) {
            throw ConnectivityInput.usageError("port \(port) is not in 1-65535", usage: Self.usageString())
        }
        let (analysis, reading) = ConnectivityInput.analyse(paths)
        if reading.exitCode == 2 { throw ExitCode(2) }
        let answer: ConnectionQuery.Answer
        switch ConnectionQuery(from: from, to: to, port: port, proto: proto).answer(in: analysis) {
        case .success(let success): answer = success
        case .failure(let failure): throw ConnectivityInput.usageError(failure.description, usage: Self.usageString())
        }
        var out = answer.verdict + "\n"
        out += "allowed connections: \(answer.explanation.allowed)\n"
        if explain {
            out += answer.reasons().map { $0 + "\n" }.joined()
        }
        ConnectivityInput.write(out)
        if !answer.isAllowed { throw ExitCode(1) }
    }
}
