import Admission
import Foundation
import HTTPServer
import Logging
import PolicyChecks
import Testing

@testable import WebhookServer

/// The routes answer HTTP semantics the same whatever protocol carried the request; no sockets here.
struct WebhookRoutesTests {
    static let validReview = """
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1",
        "kind":{"group":"networking.k8s.io","version":"v1","kind":"NetworkPolicy"},"operation":"CREATE",
        "namespace":"shop","name":"p","object":{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",
        "metadata":{"name":"p","namespace":"shop"},"spec":{"podSelector":{},
        "ingress":[{"ports":[{"port":0}]}]}}}}
        """

    let readiness = Readiness()
    let metrics = ServerMetrics()

    func makeRoutes() -> WebhookRoutes {
        var logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return WebhookRoutes(handler: AdmissionHandler(), metrics: metrics, readiness: readiness, logger: logger)
    }

    func request(
        _ method: String, _ target: String, contentType: String? = "application/json", body: String = ""
    ) -> HTTPRequest {
        let (path, query) = HTTPRequest.split(target: target)
        return HTTPRequest(
            method: method, path: path, query: query, contentType: contentType, body: Data(body.utf8),
            protocolName: "http/1.1")
    }

    struct StatusCase: CustomTestStringConvertible, Sendable {
        let name: String
        let method: String
        let target: String
        let contentType: String?
        let body: String
        let status: Int
        var testDescription: String { name }
    }

    static let statusCases: [StatusCase] = [
        StatusCase(name: "unknown path", method: "GET", target: "/nope", contentType: nil, body: "", status: 404),
        StatusCase(
            name: "GET on /validate", method: "GET", target: "/validate", contentType: nil, body: "", status: 405),
        StatusCase(
            name: "text/plain body", method: "POST", target: "/validate", contentType: "text/plain", body: "{}",
            status: 415),
        StatusCase(
            name: "no content type", method: "POST", target: "/validate", contentType: nil, body: "{}", status: 415),
        StatusCase(
            name: "not JSON", method: "POST", target: "/validate?timeout=10s", contentType: "application/json",
            body: "hello", status: 400),
        StatusCase(
            name: "JSON but not a review", method: "POST", target: "/validate", contentType: "application/json",
            body: "{\"kind\":\"Pod\"}", status: 400),
        StatusCase(
            name: "a review with charset parameter", method: "POST", target: "/validate?timeout=10s",
            contentType: "Application/JSON; charset=utf-8", body: validReview, status: 200),
        StatusCase(name: "healthz", method: "GET", target: "/healthz", contentType: nil, body: "", status: 200),
        StatusCase(name: "POST healthz", method: "POST", target: "/healthz", contentType: nil, body: "", status: 405),
        StatusCase(name: "metrics", method: "GET", target: "/metrics", contentType: nil, body: "", status: 200),
    ]

    @Test(arguments: statusCases)
    func status(_ row: StatusCase) {
        let response = makeRoutes().respond(
            to: request(row.method, row.target, contentType: row.contentType, body: row.body))
        #expect(response.status == row.status)
    }

    /// The media type before any parameter, without optional whitespace, case-insensitively; nothing else.
    @Test(arguments: [
        ("application/json", true), ("Application/JSON; charset=utf-8", true), (" application/json ", true),
        ("\tAPPLICATION/json\t;q=1", true), ("application/json;", true),
        ("application/jsonx", false), ("application/json-patch+json", false), ("applicationXjson", false),
        ("application/js", false), ("text/plain", false), ("", false), (";application/json", false),
        ("application /json", false), ("application\u{0F}json", false),
    ])
    func jsonMediaType(_ contentType: String, _ isJSON: Bool) {
        #expect(WebhookRoutes.isJSON(contentType) == isJSON)
    }

    @Test func wrongMethodNamesTheAllowedOne() {
        let response = makeRoutes().respond(to: request("PUT", "/validate"))
        #expect(response.headers.contains { $0.name == "Allow" && $0.value == "POST" })
    }

    @Test func badBodyNamesTheProblem() {
        let response = makeRoutes().respond(to: request("POST", "/validate", body: "{\"apiVersion\":1}"))
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 400)
        #expect(text.hasPrefix("request body is not an AdmissionReview: apiVersion: expected a string"))
    }

    @Test func denialIsTheAdmissionReviewJSON() throws {
        let response = makeRoutes().respond(to: request("POST", "/validate", body: Self.validReview))
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        let answer = object?["response"] as? [String: Any]
        #expect(answer?["uid"] as? String == "u-1")
        #expect(answer?["allowed"] as? Bool == false)
        let status = answer?["status"] as? [String: Any]
        #expect(status?["code"] as? Int == 422)
        #expect(
            status?["message"] as? String
                == "NetworkPolicy.networking.k8s.io \"p\" is invalid: spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"
        )
        #expect(response.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
    }

    @Test func readyzFollowsReadiness() {
        let routes = makeRoutes()
        #expect(routes.respond(to: request("GET", "/readyz")).status == 503)
        readiness.markCertificatesLoaded()
        #expect(routes.respond(to: request("GET", "/readyz")).status == 200)
        readiness.markShuttingDown()
        let response = routes.respond(to: request("GET", "/readyz"))
        #expect(response.status == 503)
        #expect(String(decoding: response.body, as: UTF8.self) == "shutting down\n")
    }

    @Test func metricsCountReviewsByVerdict() {
        let routes = makeRoutes()
        _ = routes.respond(to: request("POST", "/validate", body: Self.validReview))
        _ = routes.respond(to: request("POST", "/validate", body: "nope"))
        let text = String(decoding: routes.respond(to: request("GET", "/metrics")).body, as: UTF8.self)
        #expect(text.contains("netpol_webhook_reviews_total{verdict=\"denied\",operation=\"CREATE\"} 1"))
        #expect(text.contains("netpol_webhook_reviews_total{verdict=\"error\",operation=\"unknown\"} 1"))
        #expect(text.contains("netpol_webhook_findings_total{rule=\"kubernetes\"} 1"))
        #expect(text.contains("# TYPE netpol_webhook_review_duration_seconds histogram"))
        #expect(text.contains("process_resident_memory_bytes "))
    }

    @Test func metricsCountFindingsByCheckID() {
        var logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        let routes = WebhookRoutes(
            handler: AdmissionHandler(checks: CheckConfiguration()), metrics: metrics, readiness: readiness,
            logger: logger)
        let review = Self.validReview.replacingOccurrences(of: #""port":0"#, with: #""port":80"#)
        _ = routes.respond(to: request("POST", "/validate", body: review))
        let text = String(decoding: routes.respond(to: request("GET", "/metrics")).body, as: UTF8.self)
        #expect(text.contains("netpol_webhook_reviews_total{verdict=\"allowed\",operation=\"CREATE\"} 1"))
        #expect(text.contains("netpol_webhook_findings_total{rule=\"allow-all-ingress\"} 1"))
    }

    /// Go's duration text, as the apiserver writes `timeout`.
    @Test(arguments: [
        ("10s", Duration.seconds(10)), ("1m30s", .seconds(90)), ("1.5s", .milliseconds(1500)),
        ("500ms", .milliseconds(500)), ("0", .zero), ("2h", .seconds(7200)), ("10us", .microseconds(10)),
    ])
    func goDurations(text: String, expected: Duration) {
        #expect(GoDuration.parse(text) == expected)
    }

    @Test(arguments: ["", "10", "s", "10x", "1..5s", "-1s"])
    func notGoDurations(text: String) {
        #expect(GoDuration.parse(text) == nil)
    }

    /// A review answered after the apiserver's `timeout` is counted; one within it is not.
    @Test func lateAnswersAreCounted() {
        let routes = makeRoutes()
        var late = request("POST", "/validate?timeout=1s", body: Self.validReview)
        late.receivedAt = .now - .seconds(2)
        #expect(routes.respond(to: late).status == 200)
        #expect(routes.respond(to: request("POST", "/validate?timeout=10s", body: Self.validReview)).status == 200)
        let text = String(decoding: routes.respond(to: request("GET", "/metrics")).body, as: UTF8.self)
        #expect(text.contains("netpol_webhook_late_answers_total 1\n"), "\(text)")
    }

    @Test func queryValues() {
        let parsed = request("POST", "/validate?timeout=10s&x=1")
        #expect(parsed.path == "/validate")
        #expect(parsed.queryValue("timeout") == "10s")
        #expect(parsed.queryValue("y") == nil)
        let edges = request("POST", "/validate?a&b=&timeout=1s=2&&ti=3&timeout=9s&caf\u{e9}=\u{e9}t\u{e9}")
        #expect(edges.queryValue("a") == "")
        #expect(edges.queryValue("b") == "")
        #expect(edges.queryValue("timeout") == "1s=2")
        #expect(edges.queryValue("time") == nil)
        #expect(edges.queryValue("caf\u{e9}") == "\u{e9}t\u{e9}")
        #expect(edges.queryValue("") == "")
    }
}
