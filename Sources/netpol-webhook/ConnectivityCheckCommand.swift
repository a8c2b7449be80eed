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
        var asked = ConnectionSet.all
        if let name = `protocol` ?? (port == nil ? nil : "TCP") {
            guard let proto = TransportProtocol(name: name.uppercased()) else {
                throw ConnectivityInput.usageError(
                    "unknown protocol \"\(name)\" (use TCP, UDP or SCTP)", usage: Self.usageString())
            }
            if let port {
                guard ConnectionSet.portRange.contains(port) else {
                    throw ConnectivityInput.usageError("port \(port) is not in 1-65535", usage: Self.usageString())
                }
                asked = ConnectionSet(proto, port...port)
            } else {
                asked = ConnectionSet(proto)
            }
        }
        let (analysis, reading) = ConnectivityInput.analyse(paths)
        if reading.exitCode == 2 { throw ExitCode(2) }
        let source: Endpoint
        let destination: Endpoint
        switch (analysis.endpoint(named: from), analysis.endpoint(named: to)) {
        case (.success(let s), .success(let d)):
            source = s
            destination = d
        case (.failure(let error), _), (_, .failure(let error)):
            throw ConnectivityInput.usageError(error.description, usage: Self.usageString())
        }
        if case .external = source.kind, case .external = destination.kind {
            throw ConnectivityInput.usageError(
                "both ends are outside the cluster: nothing here decides that connection", usage: Self.usageString())
        }
        let explanation = analysis.explain(from: source, to: destination)
        let open = explanation.allowed.intersection(asked)
        let what = asked.isAll ? "" : " on \(asked)"
        var out = "\(open.isEmpty ? "denied" : "allowed"): \(source.name) => \(destination.name)\(what)\n"
        out += "allowed connections: \(explanation.allowed)\n"
        if explain {
            out += explanation.lines(asked: asked.isAll ? nil : asked).map { $0 + "\n" }.joined()
        }
        ConnectivityInput.write(out)
        if open.isEmpty { throw ExitCode(1) }
    }
}
