import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Where the end-to-end `serve` tests find the repository, the built binary and the example reviews.
enum ServeEnvironment {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let invalidReview = repositoryRoot.appendingPathComponent("deploy/examples/review-invalid.json").path
    static let validReview = repositoryRoot.appendingPathComponent("deploy/examples/review-valid.json").path

    /// The `netpol-webhook` executable SwiftPM built next to the test bundle (CLITests depends on it).
    static func binary() throws -> String {
        var folders: [URL] = []
        if let override = ProcessInfo.processInfo.environment["NETPOL_WEBHOOK_BINARY"] {
            return override
        }
        if let first = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent("netpol-webhook").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ServeTestError(
            "netpol-webhook binary not found next to the test bundle (looked in \(folders.map(\.path))); "
                + "build with `swift build --build-tests` first")
    }
}

struct ServeTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A deadline for bounded waits.
struct Deadline {
    let end: ContinuousClock.Instant
    init(_ duration: Duration) { end = .now + duration }
    var hasPassed: Bool { ContinuousClock.now >= end }
    /// The time left, as a `Date` for `NSCondition.wait(until:)`.
    var date: Date {
        let left = end - .now
        let (seconds, attoseconds) = left.components
        return Date(timeIntervalSinceNow: max(0, Double(seconds) + Double(attoseconds) / 1e18))
    }
}

/// Output of a child process, collected as it arrives; waiters wake on every chunk and on exit.
final class ProcessOutput: @unchecked Sendable {
    private let condition = NSCondition()
    private var stdoutBytes = Data()
    private var stderrBytes = Data()
    private var stdoutOpen = true
    private var stderrOpen = true
    private var exitStatus: Int32?

    /// Reads both pipes on threads of their own with blocking reads until end of file (FileHandle's
    /// readabilityHandler sometimes misses the end of file on Linux, which left waits running to their deadline).
    func attach(_ process: Process, stdout: Pipe, stderr: Pipe) {
        read(stdout.fileHandleForReading, isStdout: true)
        read(stderr.fileHandleForReading, isStdout: false)
        process.terminationHandler = { [self] process in
            condition.withLock {
                exitStatus = process.terminationStatus
                condition.broadcast()
            }
        }
    }

    private func read(_ handle: FileHandle, isStdout: Bool) {
        let thread = Thread { [self] in
            let fd = handle.fileDescriptor
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = Glibc.read(fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                condition.withLock {
                    switch (count > 0, isStdout) {
                    case (true, true): stdoutBytes.append(contentsOf: buffer[..<count])
                    case (true, false): stderrBytes.append(contentsOf: buffer[..<count])
                    case (false, true): stdoutOpen = false
                    case (false, false): stderrOpen = false
                    }
                    condition.broadcast()
                }
                if count <= 0 { break }
            }
            try? handle.close()
        }
        thread.start()
    }

    var stdout: String { condition.withLock { String(decoding: stdoutBytes, as: UTF8.self) } }
    var stderr: String { condition.withLock { String(decoding: stderrBytes, as: UTF8.self) } }
    var status: Int32? { condition.withLock { exitStatus } }

    /// Waits until `predicate` holds for (stdout, stderr, exit status) or the deadline passes; returns whether it held.
    @discardableResult
    func wait(until deadline: Deadline, _ predicate: (String, String, Int32?) -> Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let out = String(decoding: stdoutBytes, as: UTF8.self)
            let err = String(decoding: stderrBytes, as: UTF8.self)
            if predicate(out, err, exitStatus) { return true }
            if deadline.hasPassed { return false }
            _ = condition.wait(until: deadline.date)
        }
    }

    /// Waits for the exit and for both pipes to reach end of file.
    func waitForExit(_ deadline: Deadline) -> Int32? {
        condition.lock()
        defer { condition.unlock() }
        while exitStatus == nil || stdoutOpen || stderrOpen {
            if deadline.hasPassed { return exitStatus }
            _ = condition.wait(until: deadline.date)
        }
        return exitStatus
    }
}

/// A child process with collected output. `kill()` ends it by its pid if it is still running.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    let output = ProcessOutput()
    private let stdin = Pipe()

    /// Starts `executable` (a path, or a name looked up on PATH) with `arguments`.
    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        _ = Self.ignoreSIGPIPE
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        output.attach(process, stdout: stdout, stderr: stderr)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Writing to a child that has exited must fail with EPIPE, not kill the test process.
    private static let ignoreSIGPIPE: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    func write(_ text: String) {
        write(Data(text.utf8))
    }

    /// Writes to the child's standard input; a child that already exited is not an error here (the test's
    /// assertions on its output say what went wrong).
    func write(_ data: Data) {
        try? stdin.fileHandleForWriting.write(contentsOf: data)
    }

    func closeInput() {
        try? stdin.fileHandleForWriting.close()
    }

    func signal(_ signal: Int32) {
        if process.isRunning { Glibc.kill(pid, signal) }
    }

    /// SIGKILL if still running, then reap it.
    func kill() {
        closeInput()
        if process.isRunning {
            Glibc.kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// The result of running a command to completion.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a command to completion with optional standard input; kills it if it runs past `timeout`.
func runCommand(_ executable: String, _ arguments: [String], input: Data? = nil, timeout: Duration = .seconds(20))
    throws -> CommandResult
{
    let child = try ChildProcess(executable, arguments)
    defer { child.kill() }
    if let input { child.write(input) }
    child.closeInput()
    guard let status = child.output.waitForExit(Deadline(timeout)) else {
        throw ServeTestError("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout)")
    }
    return CommandResult(status: status, stdout: child.output.stdout, stderr: child.output.stderr)
}

/// Per-run certificates: two CAs each with a server pair, and client certificates signed by each CA.
struct CertificateSet: Sendable {
    let root: URL
    /// ca.crt, ca.key, tls.crt, tls.key of the main CA (localhost, 127.0.0.1, ::1).
    let main: URL
    /// Another CA and its server pair: for mismatched keys and foreign client certificates.
    let other: URL

    var caCertificate: String { main.appendingPathComponent("ca.crt").path }
    var clientCertificate: String { root.appendingPathComponent("client.crt").path }
    var clientKey: String { root.appendingPathComponent("client.key").path }
    var foreignClientCertificate: String { root.appendingPathComponent("foreign-client.crt").path }
    var foreignClientKey: String { root.appendingPathComponent("foreign-client.key").path }

    /// Generated once per test process.
    static let shared: Result<CertificateSet, ServeTestError> = Result { () throws(ServeTestError) in
        try CertificateSet.generate()
    }

    static func get() throws -> CertificateSet { try shared.get() }

    private static func generate() throws(ServeTestError) -> CertificateSet {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("netpol-serve-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        let set = CertificateSet(
            root: root, main: root.appendingPathComponent("main"), other: root.appendingPathComponent("other"))
        let script = ServeEnvironment.repositoryRoot.appendingPathComponent("certs/generate.sh").path
        do {
            for folder in [set.main, set.other] {
                let result = try runCommand(script, ["--out", folder.path])
                guard result.status == 0 else { throw ServeTestError("generate.sh failed: \(result.stderr)") }
            }
            try set.signClientCertificate(ca: set.main, name: "client")
            try set.signClientCertificate(ca: set.other, name: "foreign-client")
        } catch let error as ServeTestError {
            throw error
        } catch {
            throw ServeTestError("cannot generate certificates: \(error)")
        }
        return set
    }

    private func signClientCertificate(ca: URL, name: String) throws {
        let key = root.appendingPathComponent("\(name).key").path
        let csr = root.appendingPathComponent("\(name).csr").path
        let certificate = root.appendingPathComponent("\(name).crt").path
        let extensions = root.appendingPathComponent("\(name).ext")
        try Data("basicConstraints=critical,CA:FALSE\nextendedKeyUsage=clientAuth\n".utf8).write(to: extensions)
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])
        try openssl(["req", "-new", "-key", key, "-subj", "/CN=\(name)", "-out", csr])
        try openssl([
            "x509", "-req", "-in", csr, "-CA", ca.appendingPathComponent("ca.crt").path, "-CAkey",
            ca.appendingPathComponent("ca.key").path, "-set_serial", "0x\(UInt32.random(in: 1...UInt32.max))",
            "-days", "2", "-sha256", "-extfile", extensions.path, "-out", certificate,
        ])
    }

    /// A new server pair signed by the main CA, written as tls.crt and tls.key into `folder`; returns its serial
    /// in uppercase hex.
    func makeServerPair(in folder: URL, serial: UInt32) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = folder.appendingPathComponent("tls.key").path
        let csr = folder.appendingPathComponent("tls.csr").path
        let extensions = folder.appendingPathComponent("server.ext")
        try Data(
            "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n"
                .utf8
        ).write(to: extensions)
        try openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key])
        try openssl(["req", "-new", "-key", key, "-subj", "/CN=localhost", "-out", csr])
        try openssl([
            "x509", "-req", "-in", csr, "-CA", main.appendingPathComponent("ca.crt").path, "-CAkey",
            main.appendingPathComponent("ca.key").path, "-set_serial", String(serial), "-days", "2", "-sha256",
            "-extfile", extensions.path, "-out", folder.appendingPathComponent("tls.crt").path,
        ])
        try? FileManager.default.removeItem(atPath: csr)
        try? FileManager.default.removeItem(at: extensions)
        return String(serial, radix: 16, uppercase: true)
    }

    /// A fresh folder holding a copy of the main pair (for tests that change files).
    func copyOfMainPair(named name: String) throws -> URL {
        let folder = root.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in ["tls.crt", "tls.key"] {
            try FileManager.default.copyItem(
                at: main.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        return folder
    }
}

private func openssl(_ arguments: [String]) throws {
    let result = try runCommand("openssl", arguments)
    guard result.status == 0 else {
        throw ServeTestError("openssl \(arguments.joined(separator: " ")) failed: \(result.stderr)")
    }
}

/// A running `netpol-webhook serve` on loopback with a port the kernel picked.
final class ServeProcess: @unchecked Sendable {
    let child: ChildProcess
    let port: Int
    let certificates: CertificateSet

    let baseURL: String
    /// `127.0.0.1:PORT` or `[::1]:PORT`, for openssl.
    let hostAndPort: String

    /// Starts the server on `address` (127.0.0.1 or ::1) port 0 and waits (up to 10 s) for its `listening` line.
    init(certificateDirectory: URL? = nil, address: String = "127.0.0.1", _ extraArguments: [String] = []) throws {
        certificates = try CertificateSet.get()
        let directory = certificateDirectory ?? certificates.main
        child = try ChildProcess(
            try ServeEnvironment.binary(),
            ["serve", "--cert-dir", directory.path, "--address", address, "--port", "0"] + extraArguments)
        var port: Int?
        child.output.wait(until: Deadline(.seconds(10))) { stdout, _, status in
            port = Self.listeningPort(in: stdout)
            return port != nil || status != nil
        }
        guard let port else {
            child.kill()
            throw ServeTestError(
                "serve did not log `listening` within 10 s; stdout: \(child.output.stdout) stderr: \(child.output.stderr)"
            )
        }
        self.port = port
        baseURL = address.contains(":") ? "https://[\(address)]:\(port)" : "https://localhost:\(port)"
        hostAndPort = address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
    }

    deinit { child.kill() }

    /// Ends the server if the test has not already.
    func stop() { child.kill() }

    /// The log lines, parsed as JSON objects.
    var logLines: [[String: Any]] {
        child.output.stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Waits for a log line whose `msg` is `message`; returns it.
    @discardableResult
    func waitForLog(_ message: String, after skipping: Int = 0, timeout: Duration = .seconds(10)) -> [String: Any]? {
        var found: [String: Any]?
        child.output.wait(until: Deadline(timeout)) { stdout, _, _ in
            found = Self.lines(stdout).dropFirst(skipping).first { $0["msg"] as? String == message }
            return found != nil
        }
        return found
    }

    func waitForExit(timeout: Duration) -> Int32? {
        child.output.waitForExit(Deadline(timeout))
    }

    static func lines(_ stdout: String) -> [[String: Any]] {
        stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    private static func listeningPort(in stdout: String) -> Int? {
        lines(stdout).first { $0["msg"] as? String == "listening" }?["port"] as? Int
    }

    /// Runs curl against this server, trusting the test CA; `-w` output is on stdout after the body.
    func curl(_ arguments: [String], timeout: Duration = .seconds(20)) throws -> CommandResult {
        try runCommand(
            "curl", ["-sS", "--max-time", "15", "--cacert", certificates.caCertificate] + arguments, timeout: timeout)
    }

    /// A raw TLS client (openssl s_client) speaking HTTP/1.1, for requests curl cannot produce.
    func rawClient() throws -> ChildProcess {
        try ChildProcess(
            "openssl",
            [
                "s_client", "-quiet", "-connect", hostAndPort, "-servername", "localhost", "-alpn",
                "http/1.1", "-CAfile", certificates.caCertificate, "-verify_return_error",
            ])
    }

    /// Sends `request` on a new raw connection and returns everything the server sent until it closed.
    func rawExchange(_ request: String, timeout: Duration = .seconds(10)) throws -> String {
        let client = try rawClient()
        defer { client.kill() }
        client.write(request)
        guard client.output.waitForExit(Deadline(timeout)) != nil else {
            throw ServeTestError("server did not close the raw connection within \(timeout): \(client.output.stdout)")
        }
        return client.output.stdout
    }

    /// The serial a new handshake presents, uppercase hex without leading zeros.
    func servedSerial() throws -> String {
        let result = try curl(["-o", "/dev/null", "-w", "%{certs}", "\(baseURL)/healthz"])
        guard result.status == 0,
            let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix("Serial Number:") })
        else { throw ServeTestError("no serial in curl output: \(result.stdout) \(result.stderr)") }
        let hex = line.dropFirst("Serial Number:".count).filter { $0 != ":" }.uppercased()
        return String(hex.drop { $0 == "0" })
    }

    /// Whether the server still serves a new client: GET /healthz is 200.
    func isServing() throws -> Bool {
        let result = try curl(["-o", "/dev/null", "-w", "%{http_code}", "\(baseURL)/healthz"])
        return result.status == 0 && result.stdout == "200"
    }
}

/// Status code of the first HTTP/1.1 response in raw output (`HTTP/1.1 400 Bad Request` -> 400).
func statusCode(ofRaw response: String) -> Int? {
    guard let line = response.split(separator: "\r\n").first, line.hasPrefix("HTTP/1.1 ") else { return nil }
    return Int(line.dropFirst(9).prefix(3))
}

/// Header value of a raw HTTP/1.1 response, case-insensitively by name.
func header(_ name: String, ofRaw response: String) -> String? {
    let head = response.components(separatedBy: "\r\n\r\n").first ?? ""
    for line in head.split(separator: "\r\n").dropFirst() {
        guard let colon = line.firstIndex(of: ":") else { continue }
        if line[..<colon].lowercased() == name.lowercased() {
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }
    return nil
}

/// Body of the last response in raw output.
func body(ofRaw response: String) -> String {
    response.components(separatedBy: "\r\n\r\n").last ?? ""
}

/// The stdout of `netpol-webhook review FILE` without its final newline.
func reviewCommandOutput(_ file: String) throws -> String {
    let result = try runCommand(try ServeEnvironment.binary(), ["review", file])
    guard result.status == 0 else { throw ServeTestError("review \(file) exited \(result.status): \(result.stderr)") }
    return String(result.stdout.dropLast(result.stdout.hasSuffix("\n") ? 1 : 0))
}

/// A loopback TCP socket that is bound and listening, without SO_REUSEPORT, to hold a port.
final class PortHolder {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ServeTestError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, listen(fd, 1) == 0, named == 0 else {
            close(fd)
            throw ServeTestError("bind/listen/getsockname: \(errno)")
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

    /// Whether a TCP connection to 127.0.0.1:`port` is accepted by the kernel right now.
    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return connected == 0
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
func poll(timeout: Duration, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Deadline(timeout)
    while true {
        if try condition() { return true }
        if deadline.hasPassed { return false }
        usleep(10_000)
    }
}
