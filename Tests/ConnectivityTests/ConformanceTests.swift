import Connectivity
import ConnectivityReader
import Foundation
import Testing

/// netpol-analyzer's own `list` goldens (`../shared/conformance/netpol-analyzer/`, outside the repository): every
/// case's manifests analysed, the set of (src, dst, conn) compared with the case's `expected.json`.
struct ConformanceTests {
    /// `<worktree>/../shared/conformance/netpol-analyzer`, found from this file's path.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "shared/conformance/netpol-analyzer")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0 + "/expected.json").path)
        }
        .sorted()
    }

    struct Line: Hashable, CustomStringConvertible {
        var src: String
        var dst: String
        var conn: ConnectionSet

        var description: String { "\(src) => \(dst) : \(conn)" }
    }

    @Test("the conformance folder is there in CI")
    func folderPresent() {
        let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
        if inCI {
            #expect(!Self.cases.isEmpty, "no cases in \(Self.folder.path): CI must run the conformance cases")
        }
    }

    @Test("netpol-analyzer's list goldens", arguments: cases)
    func conformance(name: String) throws {
        let directory = Self.folder.appendingPathComponent(name)
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: String]])
        var expected: Set<Line> = []
        for object in objects {
            let conn = try #require(ConnectionSet(parsing: object["conn"] ?? ""), "\(object)")
            expected.insert(Line(src: object["src"] ?? "", dst: object["dst"] ?? "", conn: conn))
        }
        let reading = ClusterReader.read(paths: [directory.appendingPathComponent("manifests").path], concurrency: 1)
        #expect(reading.unreadable.isEmpty)
        let actual = Set(
            ConnectivityAnalysis(reading.cluster).connections().map {
                Line(src: $0.source.name, dst: $0.destination.name, conn: $0.connections)
            })
        let missing = expected.subtracting(actual).map(\.description).sorted()
        let extra = actual.subtracting(expected).map(\.description).sorted()
        #expect(missing.isEmpty, "missing \(missing.count): \(missing.prefix(10).joined(separator: "\n"))")
        #expect(extra.isEmpty, "unexpected \(extra.count): \(extra.prefix(10).joined(separator: "\n"))")
    }

    @Test("the CLI prints netpol-analyzer's json byte for byte", arguments: cases)
    func cliJSON(name: String) throws {
        let directory = Self.folder.appendingPathComponent(name)
        let expected = try String(contentsOf: directory.appendingPathComponent("expected.json"), encoding: .utf8)
        let run = try ConnectivityCommandTests.run(
            ["list", "-o", "json", directory.appendingPathComponent("manifests").path], files: [:])
        #expect(run.stdout == expected)
        // Exit 1 only where lint finds an error (two cases name a policy with `_`, which the apiserver rejects).
        #expect(run.status == (run.stderr.contains(": error: ") ? 1 : 0))
    }
}
