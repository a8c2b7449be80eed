import Admission
import EventLoop
import Foundation
import Locking
import Logging
import TLS

/// The webhook server: one event loop per thread, each with its own listening socket on the same port
/// (SO_REUSEPORT), TLS with certificate hot reload, HTTP/1.1 or HTTP/2 by ALPN, and a graceful drain on SIGTERM.
public final class Server: @unchecked Sendable {
    /// A reason the server cannot start: the process exits with code 2 and this one line.
    public struct StartupError: Error, CustomStringConvertible {
        public var description: String
    }

    public let configuration: ServerConfiguration
    let logger: Logger
    let metrics = ServerMetrics()
    let readiness = Readiness()
    let routes: WebhookRoutes
    let tlsStore: TLSContextStore
    private var listeners: [Listener] = []
    /// Test seams: called on loop `index`'s thread at the start of its set-up, and on the main loop once shutdown
    /// has begun.
    var beforeLoopSetUp: (@Sendable (Int) -> Void)?
    var afterShutdownBegan: (@Sendable () -> Void)?

    /// Loads the certificates and binds the port, so that every start-up problem surfaces here.
    public init(configuration: ServerConfiguration, logger: Logger) throws(StartupError) {
        self.configuration = configuration
        self.logger = logger
        routes = WebhookRoutes(
            handler: AdmissionHandler(options: configuration.validationOptions, checks: configuration.checks), metrics: metrics,
            readiness: readiness, logger: logger)
        let directory = URL(fileURLWithPath: configuration.certificateDirectory)
        let tlsConfiguration = TLSConfiguration(
            certificateChainPath: directory.appendingPathComponent("tls.crt").path,
            privateKeyPath: directory.appendingPathComponent("tls.key").path,
            clientCAPath: configuration.clientCAFile,
            minimumVersion: configuration.tlsMinimumVersion == .v1_3 ? .tls13 : .tls12,
            enableHTTP2: configuration.http2)
        do {
            tlsStore = try TLSContextStore(configuration: tlsConfiguration)
        } catch {
            throw StartupError(description: "cannot load the certificate: \(error.description)")
        }
        readiness.markCertificatesLoaded()
        metrics.setCertificateExpiry(Double(tlsStore.current.certificateNotAfter))
        listeners = try Self.bind(configuration)
    }

    /// The address the server listens on (with the real port when 0 was asked for).
    public var boundAddress: SocketAddress? { listeners.first?.address }

    private static func bind(_ configuration: ServerConfiguration) throws(StartupError) -> [Listener] {
        var host = configuration.address ?? "::"
        var listeners: [Listener] = []
        var port = UInt16(configuration.port)
        do {
            // SO_REUSEPORT lets every loop bind the port, but it also lets another process of the same user (a
            // second webhook) bind it without an error and take part of the connections. Claiming the port alone
            // first turns that into EADDRINUSE; the per-loop listeners then bind the port the probe got.
            let probe: Listener
            do {
                probe = try Listener(host: host, port: port, reusePort: false)
            } catch where configuration.address == nil {
                // No IPv6 on this host (some containers): all IPv4 interfaces instead.
                host = "0.0.0.0"
                probe = try Listener(host: host, port: port, reusePort: false)
            }
            port = probe.address.port
            probe.close()
            for _ in 0..<max(1, configuration.threads) {
                listeners.append(try Listener(host: host, port: port))
            }
        } catch {
            listeners.forEach { $0.close() }
            let shownHost = configuration.address ?? "::"
            throw StartupError(
                description: "cannot listen on \(shownHost) port \(configuration.port): \(error.description)")
        }
        return listeners
    }

    /// Serves until SIGTERM or SIGINT (or `shutdown()`), drains, and returns. The calling thread runs the first loop.
    public func run() throws(StartupError) {
        SignalSource.ignoreSIGPIPE()
        let mainLoop: EventLoop
        var threads: [EventLoopThread] = []
        let housekeeping: EventLoopThread
        do {
            mainLoop = try EventLoop()
            for _ in 1..<listeners.count {
                threads.append(try EventLoopThread())
            }
            housekeeping = try EventLoopThread()
        } catch {
            throw StartupError(description: "cannot start the event loops: \(error.description)")
        }
        let loops = [mainLoop] + threads.map(\.loop)
        // The main loop stops once every loop has drained; the other threads are joined after it.
        let running = Locked(loops.count)
        let onStopped: @Sendable () -> Void = {
            if running.withLock({ count -> Bool in
                count -= 1
                return count == 0
            }) {
                mainLoop.execute { mainLoop.stop() }
            }
        }
        // Every loop server exists before anything can begin a shutdown, and its set-up is the first work queued
        // on its loop: the drain, queued later on the same loop, always finds it started. (A shutdown that came
        // before a worker's set-up once left that loop out of the drain, and `run()` never returned.)
        let servers = loops.enumerated().map { index, loop in
            LoopServer(loop: loop, listener: listeners[index], server: self, onStopped: onStopped)
        }
        for (index, loopServer) in servers.enumerated() {
            let box = UnsafeTransfer(loopServer)
            loopServer.loop.execute { [self] in
                self.beforeLoopSetUp?(index)
                box.value.start()
            }
        }
        shutdownTrigger.withLock { $0 = ShutdownTrigger(mainLoop: mainLoop, servers: servers) }

        let signals: SignalSource
        do {
            signals = try SignalSource(signals: [SIGTERM, SIGINT], on: mainLoop) { [self] signal in
                self.beginShutdown(signal: signal)
            }
        } catch {
            throw StartupError(description: "cannot handle signals: \(error.description)")
        }
        // File reads and key parsing take milliseconds: on a thread of their own, not between requests.
        housekeeping.loop.execute { [self] in
            housekeeping.loop.scheduleRepeating(every: .seconds(configuration.certificateReloadIntervalSeconds)) {
                [self] in self.reloadCertificates()
            }
        }
        logStartup()
        do {
            try mainLoop.run()
        } catch {
            logger.error("event loop failed", metadata: ["error": .string(error.description)])
        }
        signals.close()
        housekeeping.stopAndJoin()
        for thread in threads {
            _ = thread.stopAndJoin()
        }
        shutdownTrigger.withLock { $0 = nil }
        logger.info("stopped")
    }

    /// What `shutdown()` needs while `run()` runs.
    private struct ShutdownTrigger: @unchecked Sendable {
        let mainLoop: EventLoop
        let servers: [LoopServer]
    }

    private let shutdownTrigger = Locked<ShutdownTrigger?>(nil)
    /// Touched only on the main loop.
    private var shutdownStarted = false

    /// Begins the drain as SIGTERM does. Safe from any thread; does nothing before `run()` has set its loops up
    /// or after it returned.
    public func shutdown() {
        guard let trigger = shutdownTrigger.withLock({ $0 }) else { return }
        trigger.mainLoop.execute { [self] in self.beginShutdown(signal: SIGTERM) }
    }

    /// On the main loop.
    private func beginShutdown(signal: Int32) {
        guard !shutdownStarted, let trigger = shutdownTrigger.withLock({ $0 }) else { return }
        shutdownStarted = true
        readiness.markShuttingDown()
        logger.info(
            "shutting down",
            metadata: [
                "signal": .string(signal == SIGTERM ? "SIGTERM" : "SIGINT"),
                "grace_seconds": .stringConvertible(configuration.shutdownGraceSeconds),
                "drain_window_seconds": .stringConvertible(configuration.drainWindowSeconds),
            ])
        for loopServer in trigger.servers {
            let box = UnsafeTransfer(loopServer)
            loopServer.loop.execute { box.value.drain() }
        }
        _ = trigger.mainLoop.schedule(after: .seconds(configuration.shutdownGraceSeconds)) {
            for loopServer in trigger.servers {
                let box = UnsafeTransfer(loopServer)
                loopServer.loop.execute { box.value.forceClose() }
            }
        }
        afterShutdownBegan?()
    }

    private func reloadCertificates() {
        switch tlsStore.reloadIfChanged() {
        case .unchanged:
            break
        case .reloaded(let context):
            metrics.setCertificateExpiry(Double(context.certificateNotAfter))
            logger.info(
                "certificate reloaded",
                metadata: [
                    "serial": .string(context.certificateSerial),
                    "not_after": .string(Self.rfc3339(context.certificateNotAfter)),
                ])
        case .failed(let error):
            logger.error(
                "certificate reload failed, keeping the current one", metadata: ["error": .string(error.description)])
        }
    }

    private func logStartup() {
        let context = tlsStore.current
        logger.info(
            "listening",
            metadata: [
                "address": .string(boundAddress?.description ?? ""),
                "port": .stringConvertible(Int(boundAddress?.port ?? 0)),
                "protocols": .array((configuration.http2 ? ["h2", "http/1.1"] : ["http/1.1"]).map { .string($0) }),
                "threads": .stringConvertible(listeners.count),
                "tls_min_version": .string(configuration.tlsMinimumVersion.rawValue),
                "client_auth": .stringConvertible(configuration.clientCAFile != nil),
                "certificate_serial": .string(context.certificateSerial),
                "certificate_not_after": .string(Self.rfc3339(context.certificateNotAfter)),
            ])
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

/// A value handed to another thread that only that thread uses from then on.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
