import ArgumentParser
import Connectivity
import Foundation

/// `netpol-webhook connectivity list`: every allowed connection, netpol-analyzer's `list`.
struct ConnectivityListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every allowed connection between workloads, and between workloads and outside ranges.",
        discussion: """
            One line per allowed connection, `src => dst : conn`, sorted by source then destination: the \
            notation of np-guard's netpol-analyzer (json is its `list -o json`). No line from a workload to \
            itself, none for a pair with nothing allowed.

            Exit status: 0, 1 when a policy is invalid (reported and left out), 2 for a usage error or a file \
            that could not be read or parsed (the analysis of the rest is printed).
            """
    )

    @Argument(help: "Files, directories, or - for standard input.")
    var paths: [String] = []

    @Option(name: [.short, .long], help: "Output format: text, json, csv, md, dot or svg (dot rendered by Graphviz).")
    var output: String = "text"

    @Option(name: .long, help: "Only connections to or from this workload (ns/name[Kind], ns/name or name).")
    var focusWorkload: String?

    @Option(name: .long, help: "Only connections to or from workloads of this namespace.")
    var namespace: String?

    @Flag(name: .long, help: "Under each connection, the policies and rules that allow it.")
    var explain = false

    func run() throws {
        let svg = output == "svg"
        guard let format = svg ? .dot : ConnectionListFormat(rawValue: output) else {
            throw ConnectivityInput.usageError(
                "unknown output format \"\(output)\" (use text, json, csv, md, dot, svg)", usage: Self.usageString())
        }
        guard !paths.isEmpty else {
            throw ConnectivityInput.usageError(
                "no input: give files, directories, or - for standard input", usage: Self.usageString())
        }
        if explain && format != .text {
            throw ConnectivityInput.usageError("--explain goes with --output text", usage: Self.usageString())
        }
        let (analysis, reading) = ConnectivityInput.analyse(paths)
        var shown: Set<Int>?
        if let focusWorkload {
            let focus = Set(analysis.matchingWorkloads(focusWorkload))
            guard !focus.isEmpty else {
                throw ConnectivityInput.usageError(
                    "no workload \(focusWorkload) in the input", usage: Self.usageString())
            }
            shown = focus
        }
        if let namespace {
            let inNamespace = Set(analysis.workloads.indices.filter { analysis.workloads[$0].namespace == namespace })
            shown = shown.map { $0.intersection(inNamespace) } ?? inNamespace
        }
        func forEachShown(_ body: (Connection) -> Void) {
            analysis.forEachConnection { connection in
                if let shown, !Self.touches(connection, shown) { return }
                body(connection)
            }
        }
        if explain {
            var writer = ConnectionListWriter(format: .text, sink: ConnectivityInput.write(bytes:))
            forEachShown { connection in
                writer.add(connection)
                let lines = analysis.explain(from: connection.source, to: connection.destination).lines()
                writer.add(rawText: lines.map { $0 + "\n" }.joined())
            }
            writer.finish()
        } else if format == .dot {
            var connections: [Connection] = []
            forEachShown { connections.append($0) }
            let dot = format.render(connections)
            ConnectivityInput.write(svg ? try Self.renderSVG(dot) : dot)
        } else {
            var writer = ConnectionListWriter(format: format, sink: ConnectivityInput.write(bytes:))
            forEachShown { writer.add($0) }
            writer.finish()
        }
        if reading.exitCode != 0 { throw ExitCode(reading.exitCode) }
    }

    static func touches(_ connection: Connection, _ workloads: Set<Int>) -> Bool {
        for end in [connection.source, connection.destination] {
            if case .workload(let index) = end.kind, workloads.contains(index) { return true }
        }
        return false
    }

    /// Graphviz's `dot -Tsvg`, found on PATH; exit 2 naming the Debian package when it is not installed.
    static func renderSVG(_ dot: String) throws -> String {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { $0 + "/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            FileHandle.standardError.write(
                Data("Error: --output svg needs Graphviz's dot on PATH (Debian package graphviz)\n".utf8))
            throw ExitCode(2)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-Tsvg"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The graph is written from another thread: dot may write while reading, and both pipes can fill.
        let writer = input.fileHandleForWriting
        DispatchQueue.global().async {
            writer.write(Data(dot.utf8))
            try? writer.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            FileHandle.standardError.write(Data("Error: dot -Tsvg exited \(process.terminationStatus)\n".utf8))
            throw ExitCode(2)
        }
        return String(decoding: data, as: UTF8.self)
    }
}
