import Foundation
import Locking
import Prometheus

/// The server's Prometheus metrics. Thread-safe: every loop thread records into the same registry.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let duration: DurationHistogram
    let handshakeFailures: Counter
    let refusedStreams: Counter
    let lateAnswers: Counter
    let certificateExpiry: Gauge
    let residentMemory: Gauge
    let openFileDescriptors: Gauge
    let startTime: Gauge
    let droppedLogLines: Gauge
    let logSink: LogSink

    public init(logSink: LogSink = .standardOutput) {
        self.logSink = logSink
        duration = registry.makeDurationHistogram(
            descriptor: Self.descriptor(
                "netpol_webhook_review_duration_seconds",
                "Time from a complete request body to its response, in seconds."),
            buckets: [
                .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100),
                .seconds(1),
            ])
        handshakeFailures = registry.makeCounter(
            descriptor: Self.descriptor("netpol_webhook_tls_handshake_failures_total", "TLS handshakes that failed."))
        lateAnswers = registry.makeCounter(
            descriptor: Self.descriptor(
                "netpol_webhook_late_answers_total",
                "Reviews answered after the apiserver's timeout (the timeout query parameter) had passed."))
        refusedStreams = registry.makeCounter(
            descriptor: Self.descriptor(
                "netpol_webhook_http2_refused_streams_total",
                "HTTP/2 streams refused (RST_STREAM REFUSED_STREAM) because the connection's body budget was spent."))
        certificateExpiry = registry.makeGauge(
            descriptor: Self.descriptor(
                "netpol_webhook_certificate_expiry_timestamp_seconds",
                "Unix time at which the serving certificate expires."))
        residentMemory = registry.makeGauge(
            descriptor: Self.descriptor("process_resident_memory_bytes", "Resident memory size in bytes."))
        openFileDescriptors = registry.makeGauge(
            descriptor: Self.descriptor("process_open_fds", "Number of open file descriptors."))
        startTime = registry.makeGauge(
            descriptor: Self.descriptor(
                "process_start_time_seconds", "Start time of the process since the Unix epoch in seconds."))
        startTime.set(Date().timeIntervalSince1970)
        droppedLogLines = registry.makeGauge(
            descriptor: Self.descriptor(
                "netpol_webhook_log_lines_dropped",
                "Log lines dropped since start because the log reader did not keep up."))
        var counters: [Counter] = []
        for verdict in Self.verdicts {
            for operation in Self.operations {
                counters.append(Self.reviews(in: registry, verdict: verdict, operation: operation))
            }
        }
        reviewCounters = counters
        findingCounters = (
            Self.findings(in: registry, rule: "kubernetes"), Self.findings(in: registry, rule: "kubernetes-warning")
        )
        okResponses = (
            Self.responses(in: registry, status: 200, protocolName: "http/1.1"),
            Self.responses(in: registry, status: 200, protocolName: "h2")
        )
    }

    private static func reviews(in registry: PrometheusCollectorRegistry, verdict: String, operation: String) -> Counter
    {
        registry.makeCounter(
            descriptor: Self.descriptor(
                "netpol_webhook_reviews_total", "AdmissionReviews answered, by verdict and operation."),
            labels: [("verdict", verdict), ("operation", operation)])
    }

    private static func findings(in registry: PrometheusCollectorRegistry, rule: String) -> Counter {
        registry.makeCounter(
            descriptor: Self.descriptor("netpol_webhook_findings_total", "Findings reported, by rule."),
            labels: [("rule", rule)])
    }

    private static func responses(in registry: PrometheusCollectorRegistry, status: Int, protocolName: String)
        -> Counter
    {
        registry.makeCounter(
            descriptor: Self.descriptor(
                "netpol_webhook_http_responses_total", "HTTP responses sent, by status code and protocol."),
            labels: [("code", String(status)), ("protocol", protocolName)])
    }

    /// The counters every review touches, made once: the registry's lookup takes a lock and hashes the labels.
    private static let verdicts = ["allowed", "denied", "skipped", "error"]
    private static let operations = ["CREATE", "UPDATE", "DELETE", "CONNECT", "unknown"]
    private let reviewCounters: [Counter]
    private let findingCounters: (errors: Counter, warnings: Counter)
    private let okResponses: (http1: Counter, http2: Counter)

    /// A whole metric name as the descriptor's base name (the registry joins the parts with underscores and drops
    /// empty ones).
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    /// Counts one answered review.
    public func recordReview(verdict: String, operation: String, duration elapsed: Duration) {
        if let v = Self.verdicts.firstIndex(of: verdict), let o = Self.operations.firstIndex(of: operation) {
            reviewCounters[v * Self.operations.count + o].increment()
            duration.record(elapsed)
            return
        }
        registry.makeCounter(
            descriptor: Self.descriptor(
                "netpol_webhook_reviews_total", "AdmissionReviews answered, by verdict and operation."),
            labels: [("verdict", verdict), ("operation", operation)]
        ).increment()
        duration.record(elapsed)
    }

    /// Counts findings of one rule (apiserver errors are `kubernetes`, apiserver warnings `kubernetes-warning`).
    public func recordFindings(rule: String, count: Int) {
        guard count > 0 else { return }
        if rule == "kubernetes" { return findingCounters.errors.increment(by: Int64(count)) }
        if rule == "kubernetes-warning" { return findingCounters.warnings.increment(by: Int64(count)) }
        registry.makeCounter(
            descriptor: Self.descriptor("netpol_webhook_findings_total", "Findings reported, by rule."),
            labels: [("rule", rule)]
        ).increment(by: Int64(count))
    }

    /// Counts one HTTP response by status code, whatever the endpoint.
    public func recordResponse(status: Int, protocolName: String) {
        if status == 200 && protocolName == "http/1.1" { return okResponses.http1.increment() }
        if status == 200 && protocolName == "h2" { return okResponses.http2.increment() }
        registry.makeCounter(
            descriptor: Self.descriptor(
                "netpol_webhook_http_responses_total", "HTTP responses sent, by status code and protocol."),
            labels: [("code", String(status)), ("protocol", protocolName)]
        ).increment()
    }

    /// The gauge of open connections for one protocol (`http/1.1`, `h2`, or `tls-handshake` before ALPN).
    /// Each is made on first use (a gauge appears in the exposition once made) and kept: the registry's lookup cost
    /// ~6,000 instructions, four per connection.
    public func openConnections(protocolName: String) -> Gauge {
        if let gauge = openConnectionGauges.withLock({ $0[protocolName] }) { return gauge }
        let gauge = registry.makeGauge(
            descriptor: Self.descriptor("netpol_webhook_open_connections", "Connections open now, by protocol."),
            labels: [("protocol", protocolName)])
        openConnectionGauges.withLock { $0[protocolName] = gauge }
        return gauge
    }

    private let openConnectionGauges = Locked<[String: Gauge]>([:])

    /// Counts a review answered after the time the apiserver said it waits (its `timeout` query parameter).
    public func recordLateAnswer() {
        lateAnswers.increment()
    }

    /// Counts an HTTP/2 stream refused with RST_STREAM(REFUSED_STREAM) and no response.
    public func recordRefusedStream() {
        refusedStreams.increment()
    }

    /// Counts an error the server survived without acting on it, by the call that failed.
    public func recordIgnoredError(site: String) {
        registry.makeCounter(
            descriptor: Self.descriptor(
                "netpol_webhook_ignored_errors_total", "Errors the server survived and did not act on, by failing call."
            ),
            labels: [("site", site)]
        ).increment()
    }

    public func recordHandshakeFailure() {
        handshakeFailures.increment()
    }

    public func setCertificateExpiry(_ unixTime: Double) {
        certificateExpiry.set(unixTime)
    }

    /// The exposition text, with process figures read now.
    public func render() -> [UInt8] {
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
            let fields = statm.split(separator: " ")
            if fields.count > 1, let pages = Double(fields[1]) {
                residentMemory.set(pages * Double(sysconf(Int32(_SC_PAGESIZE))))
            }
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            openFileDescriptors.set(Double(entries.count))
        }
        droppedLogLines.set(Double(logSink.droppedLines))
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        registry.emit(into: &buffer)
        return buffer
    }
}
