import Foundation
import Testing

/// `certs/generate.sh` and the Makefile's `certs` step that `make run` takes: exact messages on each stream.
@Suite("certs/generate.sh")
struct CertsScriptTests {
    static let script = ServeEnvironment.repositoryRoot.appendingPathComponent("certs/generate.sh").path

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "certs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func helpIsTheCommentBlockAlone() throws {
        let result = try runCommand("bash", [Self.script, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Makes a CA and a server certificate for netpol-webhook"))
        #expect(result.stdout.hasSuffix("Existing files are kept unless\n--force.\n"))
        #expect(!result.stdout.contains("set -euo pipefail"))
    }

    @Test func capturedOutputIsTheBundleAndStandardErrorNamesEveryFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.path
        let result = try runCommand("bash", [Self.script, "--out", out])
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "wrote \(out)/ca.crt \(out)/ca.key \(out)/tls.crt \(out)/tls.key (server name netpol-webhook.netpol-webhook.svc)\n"
        )
        let caCertificate = try Data(contentsOf: folder.appendingPathComponent("ca.crt"))
        #expect(result.stdout == caCertificate.base64EncodedString() + "\n")
    }

    @Test func makeCertsAsMakeRunTakesItPrintsNoBareLabel() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try runCommand(
            "make", ["-s", "-C", ServeEnvironment.repositoryRoot.path, "certs", "CERT_DIR=\(folder.path)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "")
        #expect(result.stderr.split(separator: "\n").map { $0.hasPrefix("wrote ") } == [true])
    }
}
