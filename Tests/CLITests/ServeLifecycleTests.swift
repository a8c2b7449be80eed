import Foundation
import Testing

/// `netpol-webhook serve` start-up failures and SIGTERM draining.
@Suite("serve: lifecycle")
struct ServeLifecycleTests {
    /// Raw output with any interim `100 Continue` responses removed.
    static func finalResponse(_ raw: String) -> String {
        var rest = Substring(raw)
        while rest.hasPrefix("HTTP/1.1 100 "), let end = rest.range(of: "\r\n\r\n") {
            rest = rest[end.upperBound...]
        }
        return String(rest)
    }

    static func chunk(_ bytes: Substring) -> String {
        String(bytes.utf8.count, radix: 16) + "\r\n" + bytes + "\r\n"
    }

    /// Opens a raw connection, sends a request head with `Expect: 100-continue` and waits for the interim response,
    /// which proves the server has parsed the head and now holds a request in flight.
    static func startRequest(_ head: String, on server: ServeProcess) throws -> ChildProcess {
        let client = try server.rawClient()
        client.write(head + "Expect: 100-continue\r\n\r\n")
        let interim = client.output.wait(until: Deadline(.seconds(10))) { stdout, _, _ in
            stdout.contains("HTTP/1.1 100 Continue\r\n\r\n")
        }
        guard interim else {
            client.kill()
            throw ServeTestError("no 100 Continue for \(head.debugDescription): \(client.output.stdout)")
        }
        return client
    }

    @Test("SIGTERM: requests in flight are answered with Connection: close, /readyz is 503, exit 0")
    func drainAnswersRequestsInFlight() throws {
        let server = try ServeProcess(["--threads", "1", "--shutdown-grace", "10"])
        defer { server.stop() }
        let review = try String(contentsOfFile: ServeEnvironment.invalidReview, encoding: .utf8)
        let half = review.index(review.startIndex, offsetBy: review.count / 2)

        let upload = try Self.startRequest(
            "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n", on: server)
        defer { upload.kill() }
        upload.write(Self.chunk(review[..<half]))
        // A GET with a body: it is still in flight when draining starts, so it reports readiness during the drain.
        let readiness = try Self.startRequest(
            "GET /readyz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n", on: server)
        defer { readiness.kill() }
        readiness.write("ab")

        let signalled = ContinuousClock.now
        server.child.signal(SIGTERM)
        #expect(server.waitForLog("shutting down") != nil)
        // The listener closes when the loop starts draining: from then on new connections are refused.
        #expect(poll(timeout: .seconds(5)) { !PortHolder.canConnect(port: server.port) }, "listener still open")
        #expect(server.child.process.isRunning, "exited with requests in flight")

        upload.write(Self.chunk(review[half...]) + "0\r\n\r\n")
        readiness.write("cd")
        #expect(upload.output.waitForExit(Deadline(.seconds(10))) != nil, "upload connection not closed")
        #expect(readiness.output.waitForExit(Deadline(.seconds(10))) != nil, "readiness connection not closed")

        let answer = Self.finalResponse(upload.output.stdout)
        #expect(statusCode(ofRaw: answer) == 200, "\(answer)")
        #expect(header("connection", ofRaw: answer) == "close", "\(answer)")
        #expect(body(ofRaw: answer) == (try reviewCommandOutput(ServeEnvironment.invalidReview)))
        let ready = Self.finalResponse(readiness.output.stdout)
        #expect(statusCode(ofRaw: ready) == 503, "\(ready)")
        #expect(header("connection", ofRaw: ready) == "close")
        #expect(body(ofRaw: ready) == "shutting down\n")

        #expect(server.waitForExit(timeout: .seconds(10)) == 0)
        #expect(ContinuousClock.now - signalled < .seconds(10), "not within the grace period")
        #expect(server.waitForLog("stopped") != nil)
    }

    @Test("SIGTERM with no connections exits 0 promptly", arguments: ["1", "2"])
    func drainWithoutConnections(threads: String) throws {
        let server = try ServeProcess(["--threads", threads])
        defer { server.stop() }
        #expect(try server.isServing())
        let signalled = ContinuousClock.now
        server.child.signal(SIGTERM)
        #expect(server.waitForExit(timeout: .seconds(10)) == 0)
        let elapsed = ContinuousClock.now - signalled
        #expect(elapsed < .seconds(2), "took \(elapsed)")
    }

    @Test("--shutdown-grace 1: a request that never finishes is cut off after about a second, exit 0")
    func graceExpires() throws {
        let server = try ServeProcess(["--shutdown-grace", "1"])
        defer { server.stop() }
        let stuck = try Self.startRequest(
            "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n",
            on: server)
        defer { stuck.kill() }
        let signalled = ContinuousClock.now
        server.child.signal(SIGTERM)
        #expect(server.waitForExit(timeout: .seconds(10)) == 0)
        let elapsed = ContinuousClock.now - signalled
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(4), "exited after \(elapsed)")
        #expect(stuck.output.waitForExit(Deadline(.seconds(5))) != nil, "the stuck connection was left open")
        #expect(statusCode(ofRaw: Self.finalResponse(stuck.output.stdout)) == nil, "an answer to half a request")
    }

    @Test("start-up problems exit 2 with one line on stderr")
    func startupFailures() throws {
        let certificates = try CertificateSet.get()
        let mismatched = try certificates.copyOfMainPair(named: "mismatched")
        try FileManager.default.removeItem(at: mismatched.appendingPathComponent("tls.key"))
        try FileManager.default.copyItem(
            at: certificates.other.appendingPathComponent("tls.key"), to: mismatched.appendingPathComponent("tls.key"))
        let holder = try PortHolder()
        // Another webhook holds its port with SO_REUSEPORT, which would let a second one bind it silently.
        let running = try ServeProcess(["--threads", "2"])
        defer { running.stop() }
        let missing = certificates.root.appendingPathComponent("no-such-folder").path

        let common = ["serve", "--address", "127.0.0.1"]
        let rows: [(String, [String], String)] = [
            ("missing certificate folder", ["--cert-dir", missing, "--port", "0"], "cannot load the certificate"),
            (
                "key of another certificate", ["--cert-dir", mismatched.path, "--port", "0"],
                "cannot load the certificate"
            ),
            (
                "port in use", ["--cert-dir", certificates.main.path, "--port", String(holder.port)],
                "cannot listen on 127.0.0.1 port \(holder.port)"
            ),
            (
                "port of a running webhook", ["--cert-dir", certificates.main.path, "--port", String(running.port)],
                "cannot listen on 127.0.0.1 port \(running.port)"
            ),
            (
                "unsupported --tls-min-version", ["--cert-dir", certificates.main.path, "--tls-min-version", "1.1"],
                "--tls-min-version must be 1.2 or 1.3, got 1.1"
            ),
            (
                "missing client CA",
                ["--cert-dir", certificates.main.path, "--port", "0", "--client-ca", missing + "/ca.crt"],
                "cannot load the certificate"
            ),
        ]
        for (name, arguments, expected) in rows {
            let result = try runCommand(try ServeEnvironment.binary(), common + arguments, timeout: .seconds(10))
            #expect(result.status == 2, "\(name): exit \(result.status), stderr: \(result.stderr)")
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "\(name): not one line: \(result.stderr.debugDescription)")
            #expect(result.stderr.hasPrefix("serve: ") && result.stderr.contains(expected), "\(name): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(name): \(result.stdout)")
        }
    }
}
