import Dispatch
import Foundation
import Logging
import Testing

@testable import WebhookServer

/// The whole server in this process, on loopback: start-up and shutdown ordering between its loops.
@Suite("server lifecycle")
struct ServerLifecycleTests {
    /// A certificate folder made by the repository's `certs/generate.sh`, once per test process.
    static let certificateDirectory: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = NSTemporaryDirectory() + "server-lifecycle-\(getpid())"
        let process = Process()
        process.executableURL = root.appendingPathComponent("certs/generate.sh")
        process.arguments = ["--out", folder, "--force"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { fatalError("cannot run certs/generate.sh: \(error)") }
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "certs/generate.sh failed")
        return folder
    }()

    static func makeServer(threads: Int) throws -> Server {
        var logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        let configuration = ServerConfiguration(
            address: "127.0.0.1", port: 0, certificateDirectory: certificateDirectory, threads: threads,
            shutdownGraceSeconds: 30)
        return try Server(configuration: configuration, logger: logger)
    }

    /// The start-up race: a shutdown that begins before a worker loop has run its set-up left that loop out of the
    /// drain, its count never reached zero and `run()` never returned. The worker's set-up is held here until the
    /// main loop has begun the shutdown; `run()` must still return (the grace period, 30 s, is not what ends it).
    @Test("a shutdown that begins before a worker loop's set-up still ends run()")
    func shutdownBeforeWorkerSetUp() throws {
        let server = try Self.makeServer(threads: 2)
        let shutdownBegan = DispatchSemaphore(value: 0)
        server.afterShutdownBegan = { shutdownBegan.signal() }
        server.beforeLoopSetUp = { [unowned server] index in
            guard index == 1 else { return }
            server.shutdown()
            shutdownBegan.wait()
        }
        let returned = DispatchSemaphore(value: 0)
        let box = UnsafeTransfer(server)
        let thread = Thread {
            try? box.value.run()
            returned.signal()
        }
        thread.start()
        // A hang is the failure: bounded well below the 30 s grace period that would otherwise end it.
        #expect(returned.wait(timeout: .now() + .seconds(10)) == .success, "run() did not return")
    }
}
