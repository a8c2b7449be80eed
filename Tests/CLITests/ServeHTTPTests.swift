import Foundation
import Testing

/// `netpol-webhook serve` on loopback, driven by curl and raw TLS clients: reviews, keep-alive, every fault status.
@Suite("serve: HTTP")
struct ServeHTTPTests {
    static let jsonHeader = ["-H", "Content-Type: application/json"]
    static let writeOut = "%{http_code} %{http_version} %{num_connects}\n"

    @Test(
        "reviews over one kept-alive connection match `netpol-webhook review`",
        arguments: [("--http1.1", "1.1"), ("--http2", "2")])
    func reviewsMatchReviewCommand(flag: String, version: String) throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let folder = server.certificates.root.appendingPathComponent("bodies-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let denied = folder.appendingPathComponent("denied.json").path
        let allowed = folder.appendingPathComponent("allowed.json").path

        // Three requests on one curl command line: the second and third reuse the first connection.
        let request: (String, String) -> [String] = { file, output in
            [flag] + Self.jsonHeader + [
                "--data-binary", "@\(file)", "-o", output, "-w", Self.writeOut, "\(server.baseURL)/validate",
            ]
        }
        let result = try server.curl(
            request(ServeEnvironment.invalidReview, denied) + ["--next", "--cacert", server.certificates.caCertificate]
                + request(ServeEnvironment.validReview, allowed)
                + [
                    "--next", "--cacert", server.certificates.caCertificate, flag, "-o", "/dev/null", "-w",
                    Self.writeOut,
                    "\(server.baseURL)/healthz",
                ])
        #expect(result.status == 0, "curl: \(result.stderr)")
        #expect(result.stdout == "200 \(version) 1\n200 \(version) 0\n200 \(version) 0\n")

        let deniedBody = try String(contentsOfFile: denied, encoding: .utf8)
        #expect(deniedBody == (try reviewCommandOutput(ServeEnvironment.invalidReview)))
        #expect(deniedBody.contains(#""allowed":false"#))
        let allowedBody = try String(contentsOfFile: allowed, encoding: .utf8)
        #expect(allowedBody == (try reviewCommandOutput(ServeEnvironment.validReview)))
        #expect(allowedBody.contains(#""allowed":true"#))
    }

    @Test("serves on the IPv6 loopback, verified against the certificate's ::1 address")
    func ipv6Loopback() throws {
        let server = try ServeProcess(address: "::1")
        defer { server.stop() }
        #expect(server.waitForLog("listening")?["address"] as? String == "[::1]:\(server.port)")
        let result = try server.curl(
            Self.jsonHeader + [
                "--data-binary", "@\(ServeEnvironment.invalidReview)", "-w", "\n%{http_code}",
                "\(server.baseURL)/validate",
            ])
        #expect(result.status == 0, "curl: \(result.stderr)")
        #expect(result.stdout == (try reviewCommandOutput(ServeEnvironment.invalidReview)) + "\n200")
    }

    /// One fault, produced by curl or by a raw HTTP/1.1 client over TLS.
    enum Fault: CustomStringConvertible {
        case curl([String], path: String)
        case raw(String)

        var description: String {
            switch self {
            case .curl(let arguments, let path): "curl \(arguments.joined(separator: " ")) \(path)"
            case .raw(let request): "raw \(request.debugDescription)"
            }
        }
    }

    static let bigHeader = String(repeating: "a", count: 20_000)
    static let notAReview = #"{"apiVersion":"v1","kind":"Pod"}"#

    /// name, fault, expected status. The server runs with `--max-body-bytes 1000`.
    static let faults: [(String, Fault, Int)] = [
        ("not an AdmissionReview", .curl(jsonHeader + ["--data-binary", notAReview], path: "/validate"), 400),
        (
            "not an AdmissionReview over HTTP/2",
            .curl(["--http2"] + jsonHeader + ["--data-binary", "[]"], path: "/validate"), 400
        ),
        ("malformed request line", .raw("GET /healthz HTTP/1.1 extra\r\nHost: localhost\r\n\r\n"), 400),
        ("bad byte in the method", .raw("G{T /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400),
        ("unknown path", .curl([], path: "/nope"), 404),
        ("unknown path over HTTP/2", .curl(["--http2"], path: "/nope"), 404),
        ("unknown path from an HTTP/1.0 client (ALPN http/1.0)", .curl(["--http1.0"], path: "/nope"), 404),
        ("GET /validate", .curl([], path: "/validate"), 405),
        ("POST /healthz", .curl(["--data-binary", "x"], path: "/healthz"), 405),
        (
            "POST without a length",
            .raw("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\r\n"), 411
        ),
        (
            "body over --max-body-bytes",
            .curl(
                ["--http1.1"] + jsonHeader + ["--data-binary", String(repeating: " ", count: 2000)], path: "/validate"),
            413
        ),
        (
            "body over --max-body-bytes over HTTP/2",
            .curl(
                ["--http2"] + jsonHeader + ["--data-binary", String(repeating: " ", count: 2000)], path: "/validate"),
            413
        ),
        (
            "chunked body over --max-body-bytes",
            .raw(
                "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n7d0\r\n\(String(repeating: " ", count: 2000))\r\n0\r\n\r\n"),
            413
        ),
        ("text/plain", .curl(["-H", "Content-Type: text/plain", "--data-binary", "{}"], path: "/validate"), 415),
        ("huge header", .curl(["--http1.1", "-H", "X-Big: \(bigHeader)"], path: "/healthz"), 431),
        ("huge header over HTTP/2", .curl(["--http2", "-H", "X-Big: \(bigHeader)"], path: "/healthz"), 431),
        ("HTTP/2.0 in an HTTP/1.1 request line", .raw("GET /healthz HTTP/2.0\r\nHost: localhost\r\n\r\n"), 505),
    ]

    @Test("every fault gets its status and the server keeps serving other clients")
    func faultStatuses() throws {
        let server = try ServeProcess(["--max-body-bytes", "1000"])
        defer { server.stop() }
        for (name, fault, expected) in Self.faults {
            let status: Int?
            switch fault {
            case .curl(let arguments, let path):
                let result = try server.curl(
                    arguments + ["-o", "/dev/null", "-w", "%{http_code}", "\(server.baseURL)\(path)"])
                #expect(result.status == 0, "\(name): curl failed: \(result.stderr)")
                status = Int(result.stdout)
            case .raw(let request):
                let response = try server.rawExchange(request)
                status = statusCode(ofRaw: response)
                // After a framing fault the connection cannot be trusted: the answer closes it.
                #expect(header("connection", ofRaw: response) == "close", "\(name): \(response)")
            }
            #expect(status == expected, "\(name): \(fault)")
            #expect(try server.isServing(), "\(name): server stopped serving")
        }
        #expect(server.child.process.isRunning)
    }

    @Test("a client that sends half a request head and stops gets 408 after --request-timeout")
    func requestTimeout() throws {
        let server = try ServeProcess(["--request-timeout", "1"])
        defer { server.stop() }
        let client = try server.rawClient()
        defer { client.kill() }
        let started = ContinuousClock.now
        client.write("POST /validate HTTP/1.1\r\nHost: local")
        let exited = client.output.waitForExit(Deadline(.seconds(10)))
        let elapsed = ContinuousClock.now - started
        #expect(exited != nil, "the connection was not closed")
        let response = client.output.stdout
        #expect(statusCode(ofRaw: response) == 408, "\(response)")
        #expect(header("connection", ofRaw: response) == "close")
        // The deadline is checked once a second: between 1 and 2 s, plus scheduling slack.
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(5), "408 after \(elapsed)")
        #expect(try server.isServing())
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent")
    func expectContinue() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        // The valid review padded with whitespace to 200 KB is still the same AdmissionReview.
        let body =
            try String(contentsOfFile: ServeEnvironment.validReview, encoding: .utf8)
            + String(repeating: " ", count: 200_000)
        let file = server.certificates.root.appendingPathComponent("padded-\(UUID().uuidString.prefix(8)).json")
        try Data(body.utf8).write(to: file)
        let result = try server.curl(
            ["-v", "--http1.1", "--expect100-timeout", "10", "-H", "Expect: 100-continue"] + Self.jsonHeader + [
                "--data-binary", "@\(file.path)", "-w", "\n%{http_code}", "\(server.baseURL)/validate",
            ])
        #expect(result.status == 0, "curl: \(result.stderr)")
        #expect(result.stderr.contains("< HTTP/1.1 100 Continue"), "no interim response: \(result.stderr)")
        #expect(result.stdout.hasSuffix("\n200"))
        #expect(result.stdout.contains(#""allowed":true"#))
    }

    @Test("HTTP/2: parallel requests are multiplexed over one connection")
    func http2Parallel() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        // --parallel is global; each request after --next repeats its own options.
        var arguments = ["--parallel", "--parallel-max", "8"]
        for index in 0..<8 {
            if index > 0 { arguments += ["--next", "--cacert", server.certificates.caCertificate] }
            arguments +=
                ["--http2"] + Self.jsonHeader + [
                    "--data-binary", "@\(ServeEnvironment.invalidReview)", "-o", "/dev/null", "-w", Self.writeOut,
                    "\(server.baseURL)/validate",
                ]
        }
        let result = try server.curl(arguments)
        #expect(result.status == 0, "curl: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        #expect(lines.count == 8)
        #expect(lines.allSatisfy { $0.count == 3 && $0[0] == "200" && $0[1] == "2" }, "\(result.stdout)")
        let connects = lines.compactMap { $0.count == 3 ? Int($0[2]) : nil }.reduce(0, +)
        #expect(connects == 1, "\(result.stdout)")
    }

    @Test("/metrics counts reviews and open connections")
    func metrics() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let metricsFile = server.certificates.root.appendingPathComponent("metrics-\(UUID().uuidString.prefix(8))")
        // Two denials and one allowed, then /metrics on the same (still open) connection.
        var arguments: [String] = ["--http1.1"]
        for file in [ServeEnvironment.invalidReview, ServeEnvironment.invalidReview, ServeEnvironment.validReview] {
            arguments +=
                Self.jsonHeader + ["--data-binary", "@\(file)", "-o", "/dev/null", "\(server.baseURL)/validate"]
            arguments += ["--next", "--cacert", server.certificates.caCertificate, "--http1.1"]
        }
        arguments += ["-o", metricsFile.path, "\(server.baseURL)/metrics"]
        let result = try server.curl(arguments)
        #expect(result.status == 0, "curl: \(result.stderr)")
        let metrics = try String(contentsOf: metricsFile, encoding: .utf8)
        let samples = Set(metrics.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        #expect(samples.contains(#"netpol_webhook_reviews_total{verdict="denied",operation="CREATE"} 2"#), "\(metrics)")
        #expect(samples.contains(#"netpol_webhook_reviews_total{verdict="allowed",operation="CREATE"} 1"#))
        #expect(samples.contains(#"netpol_webhook_open_connections{protocol="http/1.1"} 1.0"#), "\(metrics)")
        #expect(samples.contains(#"netpol_webhook_http_responses_total{code="200",protocol="http/1.1"} 3"#))
    }
}
