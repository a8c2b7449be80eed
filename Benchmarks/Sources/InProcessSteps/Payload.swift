import Foundation

/// An AdmissionReview body from the shared payloads (`../shared/peers/payloads` beside the repository).
public struct Payload: Sendable {
    /// The file name, as benchmark names show it: `typical.json`.
    public let name: String
    public let body: Data

    /// Where the payloads are: `NETPOL_BENCH_PAYLOADS` when set, else `../shared/peers/payloads` beside the repository
    /// this file was compiled from (package-benchmark runs suites without arguments, hence the variable).
    public static var folder: URL {
        if let folder = ProcessInfo.processInfo.environment["NETPOL_BENCH_PAYLOADS"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        // Sources/InProcessSteps/Payload.swift in Benchmarks/ in the repository.
        var repository = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { repository.deleteLastPathComponent() }
        return repository.deletingLastPathComponent().appendingPathComponent("shared/peers/payloads")
    }

    /// Reads `name` from `folder`; a missing file ends the process with a message saying where it looked.
    public static func named(_ name: String) -> Payload {
        load(folder.appendingPathComponent(name).path)
    }

    /// Reads the file at `path`, or ends the process saying which file could not be read.
    public static func load(_ path: String) -> Payload {
        guard let body = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(
                Data("cannot read \(path) (NETPOL_BENCH_PAYLOADS names the payloads folder)\n".utf8))
            exit(2)
        }
        return Payload(name: URL(fileURLWithPath: path).lastPathComponent, body: body)
    }
}
