import EventLoop
import Foundation
import Locking
import TLS

/// An HTTPS server: one event loop per thread, each with its own listening socket on the same port
/// (SO_REUSEPORT) and connections spread evenly over the loops (`ConnectionBalance`), TLS with certificate hot reload, HTTP/1.1 or HTTP/2 by ALPN, and a drain on SIGTERM that
/// answers every request that reaches it. What it serves comes from a `Responder`; what happens, from requests to
/// reloads, goes to one `ServerEvents`.
///
/// Threads, and what runs on each:
/// - The thread that calls `run()`: loop 0 (its listener and connections), the SIGTERM/SIGINT handler (a
///   self-pipe read on that loop), and the grace-period timer.
/// - Loop threads 1..<threads (`EventLoopThread`): each its listener and its connections. A connection, its TLS
///   state and its protocol handler live on one loop thread for their whole life; the responder runs there too.
/// - The housekeeping thread (an `EventLoopThread`): the certificate reload poll, so that reading files and
///   parsing keys never sits between two requests.
/// - Whatever threads `ServerEvents` uses (the webhook's log sink writes on a thread of its own).
/// Shared between them: `TLSContextStore` (a `Locked`), the events and responder (`Sendable`), the `running`
/// count below (a `Locked`), and the work queues of `EventLoop.execute`.
public final class HTTPServer: @unchecked Sendable {
    /// Where and how to listen.
    public struct Configuration: Sendable {
        /// Listen address; nil means all interfaces, IPv4 and IPv6.
        public var address: String?
        public var port: Int
        public var threads: Int
        public var tls: TLSConfiguration
        public var limits: TransportLimits
        /// How often the certificate files are checked for a new pair.
        public var certificateReloadIntervalSeconds: Double

        public init(
            address: String? = nil, port: Int, threads: Int = 1, tls: TLSConfiguration,
            limits: TransportLimits = TransportLimits(), certificateReloadIntervalSeconds: Double = 2
        ) {
            self.address = address
            self.port = port
            self.threads = threads
            self.tls = tls
            self.limits = limits
            self.certificateReloadIntervalSeconds = certificateReloadIntervalSeconds
        }
    }

    /// A reason the server cannot start.
    public struct StartupError: Error, CustomStringConvertible {
        public var description: String
    }

    public let configuration: Configuration
    let responder: any Responder
    let events: any ServerEvents
    public let tlsStore: TLSContextStore
    private var listeners: [Listener] = []
    /// Test seams: called on loop `index`'s thread at the start of its set-up, and on the main loop once shutdown
    /// has begun.
    var beforeLoopSetUp: (@Sendable (Int) -> Void)?
    var afterShutdownBegan: (@Sendable () -> Void)?
    /// Test seam: called on the accepting loop's thread with the index of the loop a new connection was given to.
    var afterConnectionPlaced: (@Sendable (Int) -> Void)?
    /// Open connections per loop, and which loop takes the next one.
    let balance: ConnectionBalance

    /// Loads the certificates and binds the port, so that every start-up problem surfaces here.
    public init(configuration: Configuration, responder: any Responder, events: any ServerEvents)
        throws(StartupError)
    {
        self.configuration = configuration
        self.responder = responder
        self.events = events
        do {
            tlsStore = try TLSContextStore(configuration: configuration.tls)
        } catch {
            throw StartupError(description: "cannot load the certificate: \(error.description)")
        }
        listeners = try Self.bind(configuration)
        balance = ConnectionBalance(loops: listeners.count)
    }

    /// The address the server listens on (with the real port when 0 was asked for).
    public var boundAddress: SocketAddress? { listeners.first?.address }

    private static func bind(_ configuration: Configuration) throws(StartupError) -> [Listener] {
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
            } catch  where configuration.address == nil {
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
            for listener in listeners { listener.close() }
            let shownHost = configuration.address ?? "::"
            throw StartupError(
                description: "cannot listen on \(shownHost) port \(configuration.port): \(error.description)")
        }
        return listeners
    }

    /// Serves until SIGTERM or SIGINT (or `shutdown()`), drains, and returns. The calling thread runs loop 0.
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
            LoopServer(
                loop: loop, index: index, balance: balance, listener: listeners[index], server: self,
                onStopped: onStopped)
        }
        for server in servers { server.peers = servers }
        shutdownTrigger.withLock { $0 = ShutdownTrigger(mainLoop: mainLoop, servers: servers) }
        for (index, loopServer) in servers.enumerated() {
            let box = UnsafeTransfer(loopServer)
            loopServer.loop.execute { [self] in
                self.beforeLoopSetUp?(index)
                box.value.start()
            }
        }

        let signals: SignalSource
        do {
            signals = try SignalSource(signals: [SIGTERM, SIGINT], on: mainLoop) { [self] signal in
                self.beginShutdown(signal: signal)
            }
        } catch {
            throw StartupError(description: "cannot handle signals: \(error.description)")
        }
        housekeeping.loop.execute { [self] in
            housekeeping.loop.scheduleRepeating(every: .seconds(configuration.certificateReloadIntervalSeconds)) {
                [self] in self.reloadCertificates()
            }
        }
        events.lifecycle(.listening(boundAddress, threads: listeners.count, certificate: tlsStore.current))
        do {
            try mainLoop.run()
        } catch {
            events.lifecycle(.loopFailed(error.description))
        }
        signals.close()
        housekeeping.stopAndJoin()
        for thread in threads {
            if let error = thread.stopAndJoin() { events.lifecycle(.loopFailed(error.description)) }
        }
        shutdownTrigger.withLock { $0 = nil }
        for server in servers { server.peers = [] }  // they refer to each other
        events.lifecycle(.stopped)
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
        events.lifecycle(.shuttingDown(signal: signal))
        balance.beginDrain {
            for loopServer in trigger.servers {
                let box = UnsafeTransfer(loopServer)
                loopServer.loop.execute { box.value.drain() }
            }
        }
        _ = trigger.mainLoop.schedule(after: .seconds(configuration.limits.shutdownGraceSeconds)) {
            for loopServer in trigger.servers {
                let box = UnsafeTransfer(loopServer)
                loopServer.loop.execute { box.value.forceClose() }
            }
        }
        afterShutdownBegan?()
    }

    /// On the housekeeping thread.
    private func reloadCertificates() {
        switch tlsStore.reloadIfChanged() {
        case .unchanged:
            break
        case .reloaded(let context):
            events.lifecycle(.certificateReloaded(context))
        case .failed(let error):
            events.lifecycle(.certificateReloadFailed(error))
        }
    }
}

/// A value handed to another thread that only that thread uses from then on.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
