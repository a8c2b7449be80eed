import EventLoop
import Foundation
import HTTPServer
import Logging
import TLS

/// The webhook's side of `ServerEvents`: every status and connection event becomes a metric, every lifecycle event
/// a log line, every error the server survived a debug line and a count.
final class WebhookEvents: ServerEvents {
    let configuration: ServerConfiguration
    let metrics: ServerMetrics
    let readiness: Readiness
    let logger: Logger

    init(configuration: ServerConfiguration, metrics: ServerMetrics, readiness: Readiness, logger: Logger) {
        self.configuration = configuration
        self.metrics = metrics
        self.readiness = readiness
        self.logger = logger
    }

    func responded(status: Int, protocolName: String) {
        metrics.recordResponse(status: status, protocolName: protocolName)
    }

    func connectionEntered(protocolName: String) {
        metrics.openConnections(protocolName: protocolName).increment()
    }

    func connectionLeft(protocolName: String) {
        metrics.openConnections(protocolName: protocolName).decrement()
    }

    func streamRefused() {
        metrics.recordRefusedStream()
    }

    func handshakeFailed(_ error: TLSError) {
        metrics.recordHandshakeFailure()
        logger.debug("tls handshake failed", metadata: ["error": .string(error.description)])
    }

    func errorIgnored(site: String, error: String) {
        metrics.recordIgnoredError(site: site)
        logger.debug("error ignored", metadata: ["site": .string(site), "error": .string(error)])
    }

    func lifecycle(_ event: ServerLifecycleEvent) {
        switch event {
        case .listening(let address, let threads, let certificate):
            logger.info(
                "listening",
                metadata: [
                    "address": .string(address?.description ?? ""),
                    "port": .stringConvertible(Int(address?.port ?? 0)),
                    "protocols": .array(
                        (configuration.http2 ? ["h2", "http/1.1"] : ["http/1.1"]).map { .string($0) }),
                    "threads": .stringConvertible(threads),
                    "tls_min_version": .string(configuration.tlsMinimumVersion.rawValue),
                    "client_auth": .stringConvertible(configuration.clientCAFile != nil),
                    "certificate_serial": .string(certificate.certificateSerial),
                    "certificate_not_after": .string(Self.rfc3339(certificate.certificateNotAfter)),
                ])
        case .shuttingDown(let signal):
            readiness.markShuttingDown()
            logger.info(
                "shutting down",
                metadata: [
                    "signal": .string(signal == SIGTERM ? "SIGTERM" : "SIGINT"),
                    "grace_seconds": .stringConvertible(configuration.shutdownGraceSeconds),
                    "drain_window_seconds": .stringConvertible(configuration.limits.drainWindowSeconds),
                ])
        case .stopped:
            logger.info("stopped")
        case .loopFailed(let error):
            logger.error("event loop failed", metadata: ["error": .string(error)])
        case .acceptFailed(let error):
            logger.error("accept failed", metadata: ["error": .string(error)])
        case .certificateReloaded(let context):
            metrics.setCertificateExpiry(Double(context.certificateNotAfter))
            logger.info(
                "certificate reloaded",
                metadata: [
                    "serial": .string(context.certificateSerial),
                    "not_after": .string(Self.rfc3339(context.certificateNotAfter)),
                ])
        case .certificateReloadFailed(let error):
            logger.error(
                "certificate reload failed, keeping the current one", metadata: ["error": .string(error.description)])
        }
    }

    static func rfc3339(_ unixTime: Int64) -> String {
        var seconds = time_t(unixTime)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
