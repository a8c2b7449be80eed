import Foundation
import Testing

/// `netpol-webhook serve` TLS on loopback: client certificates, the minimum version, and certificate reload.
@Suite("serve: TLS")
struct ServeTLSTests {
    @Test("--client-ca: no certificate and a certificate from another CA are refused, one from the CA is served")
    func clientCertificates() throws {
        let certificates = try CertificateSet.get()
        let server = try ServeProcess(["--client-ca", certificates.caCertificate])
        defer { server.stop() }
        let url = "\(server.baseURL)/healthz"
        let rows: [(String, [String], Bool)] = [
            ("no certificate", [], false),
            (
                "certificate from the CA", ["--cert", certificates.clientCertificate, "--key", certificates.clientKey],
                true
            ),
            (
                "certificate from another CA",
                ["--cert", certificates.foreignClientCertificate, "--key", certificates.foreignClientKey], false
            ),
        ]
        for version in ["--http1.1", "--http2"] {
            for (name, arguments, served) in rows {
                let result = try server.curl([version] + arguments + ["-o", "/dev/null", "-w", "%{http_code}", url])
                if served {
                    #expect(result.status == 0 && result.stdout == "200", "\(name) \(version): \(result.stderr)")
                } else {
                    #expect(result.status != 0, "\(name) \(version) was served: \(result.stdout)")
                    #expect(result.stdout == "000", "\(name) \(version): got a response")
                }
            }
        }
        let listening = server.waitForLog("listening")
        #expect(listening?["client_auth"] as? Bool == true)
    }

    @Test("--tls-min-version 1.3 refuses a TLS 1.2-only client")
    func minimumVersion() throws {
        let server = try ServeProcess(["--tls-min-version", "1.3"])
        defer { server.stop() }
        let url = "\(server.baseURL)/healthz"
        let old = try server.curl(["--tlsv1.2", "--tls-max", "1.2", "-o", "/dev/null", "-w", "%{http_code}", url])
        #expect(old.status != 0, "a TLS 1.2 client was served")
        #expect(old.stdout == "000")
        let current = try server.curl(["--tlsv1.3", "-o", "/dev/null", "-w", "%{http_code}", url])
        #expect(current.status == 0 && current.stdout == "200", "\(current.stderr)")

        let defaults = try ServeProcess()
        defer { defaults.stop() }
        let allowed = try defaults.curl(
            ["--tlsv1.2", "--tls-max", "1.2", "-o", "/dev/null", "-w", "%{http_code}", "\(defaults.baseURL)/healthz"])
        #expect(allowed.status == 0 && allowed.stdout == "200", "TLS 1.2 refused by default: \(allowed.stderr)")
    }

    /// A certificate folder laid out the way kubelet projects a Secret: the files are symlinks through `..data`,
    /// which is swapped atomically with a rename.
    struct ProjectedSecret {
        let folder: URL
        private var generation = 0

        init(folder: URL, initialPair: URL) throws {
            self.folder = folder
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try publish(
                certificate: initialPair.appendingPathComponent("tls.crt"),
                key: initialPair.appendingPathComponent("tls.key"))
            for file in ["tls.crt", "tls.key"] {
                try FileManager.default.createSymbolicLink(
                    atPath: folder.appendingPathComponent(file).path, withDestinationPath: "..data/\(file)")
            }
        }

        /// Copies the pair into a new timestamped folder and points `..data` at it in one rename.
        mutating func publish(certificate: URL, key: URL) throws {
            generation += 1
            let name = "..2026_01_01_00_00_0\(generation).\(UUID().uuidString.prefix(8))"
            let target = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            try FileManager.default.copyItem(at: certificate, to: target.appendingPathComponent("tls.crt"))
            try FileManager.default.copyItem(at: key, to: target.appendingPathComponent("tls.key"))
            let temporary = folder.appendingPathComponent("..data_tmp").path
            try FileManager.default.createSymbolicLink(atPath: temporary, withDestinationPath: name)
            guard rename(temporary, folder.appendingPathComponent("..data").path) == 0 else {
                throw ServeTestError("rename ..data_tmp: \(errno)")
            }
        }
    }

    /// Runs curl requests one after another, each on a new connection, until stopped; counts the failures.
    final class Load: @unchecked Sendable {
        private let condition = NSCondition()
        private var stopped = false
        private var finished = false
        private(set) var completed = 0
        private(set) var failures: [String] = []

        init(server: ServeProcess) {
            let arguments =
                ["--http1.1"] + ServeHTTPTests.jsonHeader + [
                    "--data-binary", "@\(ServeEnvironment.validReview)", "-o", "/dev/null", "-w", "%{http_code}",
                    "\(server.baseURL)/validate",
                ]
            let curl: @Sendable () throws -> CommandResult = { try server.curl(arguments) }
            let thread = Thread { [self] in
                while !condition.withLock({ stopped }) {
                    let outcome: String?
                    do {
                        let result = try curl()
                        outcome =
                            result.status == 0 && result.stdout == "200" ? nil : "\(result.stdout) \(result.stderr)"
                    } catch {
                        outcome = "\(error)"
                    }
                    condition.withLock {
                        completed += 1
                        if let outcome { failures.append(outcome) }
                        condition.broadcast()
                    }
                }
                condition.withLock {
                    finished = true
                    condition.broadcast()
                }
            }
            thread.start()
        }

        var count: Int { condition.withLock { completed } }

        /// Waits until `count` requests have completed (or 20 s pass).
        func waitFor(count target: Int) -> Bool {
            let deadline = Deadline(.seconds(20))
            return condition.withLock {
                while completed < target {
                    if deadline.hasPassed { return false }
                    _ = condition.wait(until: deadline.date)
                }
                return true
            }
        }

        /// Stops after the request in progress and waits for it; returns the failures.
        func stop() -> [String] {
            let deadline = Deadline(.seconds(20))
            return condition.withLock {
                stopped = true
                while !finished && !deadline.hasPassed { _ = condition.wait(until: deadline.date) }
                return failures
            }
        }
    }

    @Test("certificate reload under load: new handshakes get the new serial, no request fails, a bad pair is kept out")
    func certificateReload() throws {
        let certificates = try CertificateSet.get()
        let work = certificates.root.appendingPathComponent("reload-\(UUID().uuidString.prefix(8))")
        var secret = try ProjectedSecret(folder: work.appendingPathComponent("secret"), initialPair: certificates.main)
        let nextPair = work.appendingPathComponent("next")
        let nextSerial = try certificates.makeServerPair(
            in: nextPair, serial: UInt32.random(in: 0x1000_0000...0x7fff_ffff))

        let server = try ServeProcess(certificateDirectory: secret.folder)
        defer { server.stop() }
        let firstSerial = try server.servedSerial()
        #expect(firstSerial != nextSerial)
        #expect(
            firstSerial
                == (server.waitForLog("listening")?["certificate_serial"] as? String).map {
                    String($0.drop { $0 == "0" })
                })

        let load = Load(server: server)
        var loadStopped = false
        defer { if !loadStopped { _ = load.stop() } }
        #expect(load.waitFor(count: 3), "no requests before the swap")
        try secret.publish(
            certificate: nextPair.appendingPathComponent("tls.crt"), key: nextPair.appendingPathComponent("tls.key"))
        let reloaded = server.waitForLog("certificate reloaded")
        #expect(reloaded?["serial"] as? String == nextSerial, "\(server.child.output.stdout)")
        #expect(try server.servedSerial() == nextSerial)
        #expect(load.waitFor(count: load.count + 3), "no requests after the swap")
        let failures = load.stop()
        loadStopped = true
        #expect(failures.isEmpty, "requests failed during the swap: \(failures)")

        // A certificate whose key does not match, then a key file that is not PEM: both keep the current pair.
        let garbage = work.appendingPathComponent("garbage.key")
        try Data("not a key\n".utf8).write(to: garbage)
        let broken: [(String, URL, URL)] = [
            (
                "mismatched key", certificates.other.appendingPathComponent("tls.crt"),
                nextPair.appendingPathComponent("tls.key")
            ),
            ("key not PEM", nextPair.appendingPathComponent("tls.crt"), garbage),
        ]
        for (name, certificate, key) in broken {
            let before = server.logLines.count
            try secret.publish(certificate: certificate, key: key)
            let failure = server.waitForLog("certificate reload failed, keeping the current one", after: before)
            #expect(failure?["level"] as? String == "error", "\(name): no error logged")
            #expect(try server.servedSerial() == nextSerial, "\(name): the broken pair was served")
            #expect(try server.isServing(), "\(name)")
        }
    }
}
