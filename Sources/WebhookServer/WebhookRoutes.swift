import Admission
import Foundation
import HTTPServer
import Logging
import NetworkPolicyValidation

/// The endpoints: `POST /validate`, `GET /healthz`, `GET /readyz`, `GET /metrics`. Knows HTTP semantics, not the
/// protocol that carried the request, so HTTP/1.1 and HTTP/2 answer alike.
public final class WebhookRoutes: Responder {
    let handler: AdmissionHandler
    let metrics: ServerMetrics
    let readiness: Readiness
    let logger: Logger

    public init(handler: AdmissionHandler, metrics: ServerMetrics, readiness: Readiness, logger: Logger) {
        self.handler = handler
        self.metrics = metrics
        self.readiness = readiness
        self.logger = logger
    }

    /// Answers one request. Never throws: every fault becomes a status. (The server counts the status.)
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        switch request.path {
        case "/validate":
            guard request.method == "POST" else {
                return .text(405, "method \(request.method) not allowed: use POST", headers: [("Allow", "POST")])
            }
            guard Self.isJSON(request.contentType) else {
                return .text(415, "Content-Type must be application/json, got \(request.contentType ?? "none")")
            }
            return validate(request)
        case "/healthz":
            guard request.method == "GET" || request.method == "HEAD" else {
                return .text(405, "method \(request.method) not allowed: use GET", headers: [("Allow", "GET, HEAD")])
            }
            return .text(200, "ok")
        case "/readyz":
            guard request.method == "GET" || request.method == "HEAD" else {
                return .text(405, "method \(request.method) not allowed: use GET", headers: [("Allow", "GET, HEAD")])
            }
            if let reason = readiness.notReadyReason {
                return .text(503, reason)
            }
            return .text(200, "ok")
        case "/metrics":
            guard request.method == "GET" || request.method == "HEAD" else {
                return .text(405, "method \(request.method) not allowed: use GET", headers: [("Allow", "GET, HEAD")])
            }
            return HTTPResponse(
                status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                body: metrics.render())
        default:
            return .text(404, "no such endpoint: \(request.path)")
        }
    }

    /// `application/json`, with or without parameters (`; charset=utf-8`), case-insensitively.
    /// Compared byte by byte: Foundation's `trimmingCharacters(in:)` and `lowercased()` cost 1.5% of the server's CPU.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let bytes = contentType.utf8
        var mediaType = bytes[..<(bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex)]
        // Optional whitespace (RFC 9110 section 5.6.3) around the media type.
        while let first = mediaType.first, first == 0x20 || first == 0x09 { mediaType.removeFirst() }
        while let last = mediaType.last, last == 0x20 || last == 0x09 { mediaType.removeLast() }
        return mediaType.elementsEqual("application/json".utf8) { byte, lowercase in
            (byte &- 0x41 < 26 ? byte | 0x20 : byte) == lowercase
        }
    }

    func validate(_ request: HTTPRequest) -> HTTPResponse {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: AdmissionHandler.Outcome
        do {
            outcome = try handler.review(request.body)
        } catch {
            let elapsed = clock.now - start
            metrics.recordReview(verdict: "error", operation: "unknown", duration: elapsed)
            logger.warning(
                "review",
                metadata: [
                    "verdict": "error", "error": .string(error.description), "protocol": .string(request.protocolName),
                    "duration_ms": .stringConvertible(Self.milliseconds(elapsed)),
                ])
            return .text(400, "request body is not an AdmissionReview: \(error.description)")
        }
        let response = HTTPResponse.json(200, outcome.jsonBytes)
        let elapsed = clock.now - start
        noteLateAnswer(request, uid: outcome.request.uid)
        let verdict = outcome.skipped ? "skipped" : (outcome.response.allowed ? "allowed" : "denied")
        let errorCount =
            (outcome.response.status?.causes.count ?? 0) + (outcome.response.status?.checkCauses.count ?? 0)
        metrics.recordReview(verdict: verdict, operation: outcome.request.operation, duration: elapsed)
        metrics.recordFindings(rule: "kubernetes", count: outcome.response.status?.causes.count ?? 0)
        metrics.recordFindings(rule: "kubernetes-warning", count: outcome.apiserverWarnings.count)
        var checkCounts: [String: Int] = [:]
        for finding in outcome.checkFindings { checkCounts[finding.check.id, default: 0] += 1 }
        for (id, count) in checkCounts.sorted(by: { $0.key < $1.key }) {
            metrics.recordFindings(rule: id, count: count)
        }
        logger.log(
            level: .info, "review",
            record: ReviewLogRecord(
                uid: outcome.request.uid, operation: outcome.request.operation, kind: outcome.request.kind.kind,
                namespace: outcome.request.namespace ?? "",
                name: outcome.request.name ?? outcome.request.object?.metadata.name ?? "", verdict: verdict,
                errors: errorCount, warnings: outcome.response.warnings.count, dryRun: outcome.request.dryRun ?? false,
                protocolName: request.protocolName, durationMilliseconds: Self.milliseconds(elapsed)))
        return response
    }

    /// kube-apiserver says how long it waits in the `timeout` query parameter (the webhook's `timeoutSeconds`); an
    /// answer later than that reaches nobody, and the failure policy decided instead: counted and logged.
    func noteLateAnswer(_ request: HTTPRequest, uid: String) {
        guard let text = request.queryValue("timeout"), let timeout = GoDuration.parse(text) else { return }
        let taken = ContinuousClock.now - request.receivedAt
        guard taken > timeout else { return }
        metrics.recordLateAnswer()
        logger.warning(
            "answer later than the apiserver waits",
            metadata: [
                "uid": .string(uid), "timeout": .string(text),
                "duration_ms": .stringConvertible(Self.milliseconds(taken)),
                "protocol": .string(request.protocolName),
            ])
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded(toPlaces: 3)
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
