import Admission
import EventLoop
import Foundation
import HTTPServer
import Logging
import TLS

/// The webhook: `HTTPServer` (the threads it runs and what runs on each are listed there) serving
/// `WebhookRoutes`, with `WebhookEvents` turning what happens into metrics and log lines.
public final class Server: Sendable {
    /// A reason the server cannot start: the process exits with code 2 and this one line.
    public struct StartupError: Error, CustomStringConvertible {
        public var description: String
    }

    public let configuration: ServerConfiguration
    let metrics = ServerMetrics()
    let readiness = Readiness()
    let routes: WebhookRoutes
    let http: HTTPServer

    /// Loads the certificates and binds the port, so that every start-up problem surfaces here.
    public init(configuration: ServerConfiguration, logger: Logger) throws(StartupError) {
        self.configuration = configuration
        routes = WebhookRoutes(
            handler: AdmissionHandler(
                options: configuration.validationOptions, checks: configuration.checks, apiserverWarnsFirst: true),
            metrics: metrics, readiness: readiness, logger: logger)
        let events = WebhookEvents(configuration: configuration, metrics: metrics, readiness: readiness, logger: logger)
        do {
            http = try HTTPServer(configuration: configuration.httpServer, responder: routes, events: events)
        } catch {
            throw StartupError(description: error.description)
        }
        readiness.markCertificatesLoaded()
        metrics.setCertificateExpiry(Double(http.tlsStore.current.certificateNotAfter))
    }

    /// The address the server listens on (with the real port when 0 was asked for).
    public var boundAddress: SocketAddress? { http.boundAddress }

    /// Serves until SIGTERM or SIGINT (or `shutdown()`), drains, and returns. The calling thread runs the first loop.
    public func run() throws(StartupError) {
        do {
            try http.run()
        } catch {
            throw StartupError(description: error.description)
        }
    }

    /// Begins the drain as SIGTERM does; safe from any thread.
    public func shutdown() {
        http.shutdown()
    }
}
