import Foundation
import HTTPServer
import Locking
import TLS

/// Answers `GET /hello` with 200 and the request's body echoed; anything else 404.
struct EchoResponder: Responder {
    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard request.path == "/hello" else { return HTTPResponse(status: 404, body: Array("no\n".utf8)) }
        return HTTPResponse(
            status: 200, headers: [("Content-Type", "text/plain")], body: Array("hello\n".utf8) + request.body)
    }
}

/// Records what the server reports.
final class RecordedEvents: ServerEvents {
    struct Record: Sendable {
        var statuses: [String: Int] = [:]
        var open: [String: Int] = [:]
        var refusedStreams = 0
        var handshakeFailures = 0
        var ignored: [String] = []
        var lifecycle: [String] = []
    }

    let record = Locked(Record())

    func responded(status: Int, protocolName: String) {
        record.withLock { $0.statuses["\(protocolName) \(status)", default: 0] += 1 }
    }
    func connectionEntered(protocolName: String) { record.withLock { $0.open[protocolName, default: 0] += 1 } }
    func connectionLeft(protocolName: String) { record.withLock { $0.open[protocolName, default: 0] -= 1 } }
    func streamRefused() { record.withLock { $0.refusedStreams += 1 } }
    func handshakeFailed(_ error: TLSError) { record.withLock { $0.handshakeFailures += 1 } }
    func errorIgnored(site: String, error: String) { record.withLock { $0.ignored.append(site) } }
    func lifecycle(_ event: ServerLifecycleEvent) {
        let name: String
        switch event {
        case .listening: name = "listening"
        case .shuttingDown: name = "shutting down"
        case .stopped: name = "stopped"
        case .loopFailed: name = "loop failed"
        case .acceptFailed: name = "accept failed"
        case .certificateReloaded: name = "certificate reloaded"
        case .certificateReloadFailed: name = "certificate reload failed"
        }
        record.withLock { $0.lifecycle.append(name) }
    }
}

/// A certificate folder made by the repository's `certs/generate.sh`, once per test process.
enum TestCertificates {
    static let directory: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = NSTemporaryDirectory() + "http-server-tests-\(getpid())"
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

    static var tls: TLSConfiguration {
        TLSConfiguration(certificateChainPath: directory + "/tls.crt", privateKeyPath: directory + "/tls.key")
    }
}
