import Foundation
import Testing

/// Acceptance tests of `netpol-webhook lint`: the built binary on fixture files written to a temporary
/// directory, asserting the whole standard output and the exit status.
struct LintCommandTests {
    static let valid = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web
          namespace: default
        spec:
          podSelector: {}
          ingress:
          - from:
            - podSelector: {}
            ports:
            - port: 80

        """

    static let misspelt = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web
        spec:
          ingres: []

        """

    static let badType = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: api
          namespace: prod
        spec:
          ingress:
          - ports:
            - port: [80]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api

        """

    static let template = """
        {{- if .Values.enabled }}
        kind: NetworkPolicy
        {{- end }}

        """

    struct Run {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// The `netpol-webhook` executable next to the test bundle.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        for directory in candidates {
            let url = directory.appendingPathComponent("netpol-webhook")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        Issue.record("netpol-webhook binary not found next to the test bundle (looked in \(candidates.map(\.path)))")
        throw CancellationError()
    }

    @Test("the runner drains stdout and stderr together: 200 KB on stderr (a sanitizer report) does not hang it")
    func runnerReadsBothPipes() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c 200000 /dev/zero | tr '\\0' x >&2; echo done"]
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let (out, err) = Self.readToEnd(stdout, stderr)
        process.waitUntilExit()
        #expect(String(decoding: out, as: UTF8.self) == "done\n")
        #expect(err.count == 200_000)
        #expect(process.terminationStatus == 0)
    }

    /// Reads both pipes to their end at once. One after the other hangs as soon as the child fills the pipe not
    /// being read (64 KiB; a sanitizer report on stderr does), since the child then blocks and never closes the other.
    static func readToEnd(_ stdout: Pipe, _ stderr: Pipe) -> (Data, Data) {
        let errorOutput = ErrorOutput()
        let finished = DispatchSemaphore(value: 0)
        let errorHandle = stderr.fileHandleForReading
        DispatchQueue.global().async {
            errorOutput.data = errorHandle.readDataToEndOfFile()
            finished.signal()
        }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        finished.wait()
        return (out, errorOutput.data)
    }

    /// Standard error as read by the background reader; the semaphore orders the write before the read.
    private final class ErrorOutput: @unchecked Sendable {
        var data = Data()
    }

    /// Runs `netpol-webhook lint` in `directory` with `arguments`, feeding `input` on standard input.
    static func run(_ arguments: [String], in directory: URL, input: String = "") throws -> Run {
        try runBinary(["lint"] + arguments, in: directory, input: input)
    }

    /// Runs the binary with `arguments` as given in `directory`, feeding `input` on standard input.
    static func runBinary(_ arguments: [String], in directory: URL, input: String = "") throws -> Run {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let (out, err) = readToEnd(stdout, stderr)
        process.waitUntilExit()
        return Run(
            stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
            status: process.terminationStatus)
    }

    /// A fresh directory with `files` (relative path → contents).
    static func fixture(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (path, contents) in files {
            let url = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        return directory
    }

    @Test func validFileExitsZero() throws {
        let directory = try Self.fixture(["ok.yaml": Self.valid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["ok.yaml"], in: directory)
        #expect(
            run.stdout == "1 file, 1 NetworkPolicy: 0 invalid, 0 with warnings; 0 objects skipped; 0 files unreadable\n"
        )
        #expect(run.status == 0)
    }

    @Test func unknownFieldsFailTheRunAsKubectlApplyWould() throws {
        let directory = try Self.fixture(["np.yaml": Self.misspelt])
        defer { try? FileManager.default.removeItem(at: directory) }
        for arguments in [["np.yaml"], ["--strict", "np.yaml"]] {
            let run = try Self.run(arguments, in: directory)
            #expect(
                run.stdout == """
                    np.yaml:6:3: error: strict decoding error: unknown field "spec.ingres"
                    1 file, 1 NetworkPolicy: 1 invalid, 0 with warnings; 0 objects skipped; 0 files unreadable

                    """)
            #expect(run.status == 1)
        }
    }

    @Test func allowUnknownFieldsMakesThemWarnings() throws {
        let directory = try Self.fixture(["np.yaml": Self.misspelt])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["--allow-unknown-fields", "np.yaml"], in: directory)
        #expect(
            run.stdout == """
                np.yaml:6:3: warning: unknown field "spec.ingres"
                1 file, 1 NetworkPolicy: 0 invalid, 1 with warnings; 0 objects skipped; 0 files unreadable

                """)
        #expect(run.status == 0)
    }

    @Test func invalidObjectExitsOne() throws {
        let directory = try Self.fixture(["api.yaml": Self.badType])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["api.yaml"], in: directory)
        #expect(
            run.stdout == """
                api.yaml:9:13: error: json: cannot unmarshal array into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32
                1 file, 1 NetworkPolicy: 1 invalid, 0 with warnings; 1 object skipped; 0 files unreadable

                """)
        #expect(run.status == 1)
    }

    @Test func unreadableFileWinsWithExitTwoAndTheRunGoesOn() throws {
        let directory = try Self.fixture([
            "manifests/api.yaml": Self.badType, "manifests/templates/np.yaml": Self.template,
            "manifests/.chainsaw-test/ok.yml": Self.valid, "manifests/README.md": "# not linted",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["manifests"], in: directory)
        #expect(
            run.stdout == """
                manifests/api.yaml:9:13: error: json: cannot unmarshal array into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32
                manifests/templates/np.yaml:1:3: error: yaml: line 1: did not find expected node content
                3 files, 2 NetworkPolicies: 1 invalid, 0 with warnings; 1 object skipped; 1 file unreadable

                """)
        #expect(run.status == 2)
    }

    @Test func missingFileIsUnreadable() throws {
        let directory = try Self.fixture(["ok.yaml": Self.valid])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["missing.yaml", "ok.yaml"], in: directory)
        #expect(
            run.stdout == """
                missing.yaml:1:1: error: stat missing.yaml: No such file or directory
                2 files, 1 NetworkPolicy: 0 invalid, 0 with warnings; 0 objects skipped; 1 file unreadable

                """)
        #expect(run.status == 2)
    }

    @Test func standardInput() throws {
        let run = try Self.run(["-"], in: FileManager.default.temporaryDirectory, input: Self.misspelt)
        #expect(
            run.stdout == """
                <stdin>:6:3: error: strict decoding error: unknown field "spec.ingres"
                1 file, 1 NetworkPolicy: 1 invalid, 0 with warnings; 0 objects skipped; 0 files unreadable

                """)
        #expect(run.status == 1)
    }

    @Test func jsonOutput() throws {
        let directory = try Self.fixture(["api.yaml": Self.badType])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["--output", "json", "api.yaml"], in: directory)
        #expect(
            run.stdout == """
                {
                  "findings": [
                    {"file": "api.yaml", "line": 9, "column": 13, "object": "prod/api", "field": "spec.ingress[0].ports[0].port", "severity": "error", "rule": "decode-error", "message": "json: cannot unmarshal array into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32"}
                  ],
                  "skipped": [
                    {"file": "api.yaml", "line": 11, "column": 1, "apiVersion": "apps/v1", "kind": "Deployment", "object": "api", "reason": "kind Deployment (apps/v1) is not a NetworkPolicy"}
                  ],
                  "summary": {
                    "files": 1,
                    "unreadableFiles": 0,
                    "networkPolicies": 1,
                    "valid": 0,
                    "invalid": 1,
                    "withWarnings": 0,
                    "skipped": 1,
                    "errors": 1,
                    "warnings": 0
                  }
                }

                """)
        #expect(run.status == 1)
    }

    @Test func githubOutput() throws {
        let directory = try Self.fixture(["a,b.yaml": Self.misspelt])
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["--output", "github", "--allow-unknown-fields", "a,b.yaml"], in: directory)
        #expect(
            run.stdout == """
                ::warning file=a%2Cb.yaml,line=6,col=3,title=unknown-field::unknown field "spec.ingres"
                1 file, 1 NetworkPolicy: 0 invalid, 1 with warnings; 0 objects skipped; 0 files unreadable

                """)
        #expect(run.status == 0)
    }

    @Test(arguments: [["--output", "yaml", "x.yaml"], [], ["--strict", "--allow-unknown-fields", "x.yaml"]])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let run = try Self.run(arguments, in: FileManager.default.temporaryDirectory)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("Error: "))
        #expect(run.status == 2)
    }
}
