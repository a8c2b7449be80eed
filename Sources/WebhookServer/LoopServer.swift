import EventLoop
import Foundation
import TLS

/// The part of the server that lives on one event loop: its listener and its connections. Touched only from that
/// loop's thread.
final class LoopServer {
    let loop: EventLoop
    unowned let server: Server
    private let listener: Listener
    private var connections: [Int32: Connection] = [:]
    private var sweepTimer: TimerID?
    private(set) var isDraining = false
    /// Scratch space for socket reads, shared by the loop's connections (one runs at a time). Raw memory: a
    /// `[UInt8]` had to be filled with zeros (64 KiB, byte by byte) before every read.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Connection.readChunk, alignment: 16)
    private let onStopped: @Sendable () -> Void

    init(loop: EventLoop, listener: Listener, server: Server, onStopped: @escaping @Sendable () -> Void) {
        self.loop = loop
        self.listener = listener
        self.server = server
        self.onStopped = onStopped
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Starts accepting; runs on the loop thread.
    func start() {
        do {
            try listener.startAccepting(
                on: loop,
                onError: { [unowned self] error in
                    self.server.logger.error("accept failed", metadata: ["error": .string(error.description)])
                },
                onAccept: { [unowned self] socket, _ in self.accept(socket) })
        } catch {
            server.logger.error("cannot accept", metadata: ["error": .string(error.description)])
        }
        sweepTimer = loop.scheduleRepeating(every: .seconds(1)) { [unowned self] in self.sweep() }
    }

    private func accept(_ socket: Socket) {
        try? socket.setNoDelay()
        let tls: TLSConnection
        do {
            tls = try TLSConnection(context: server.tlsStore.current)
        } catch {
            server.logger.error("cannot start TLS", metadata: ["error": .string(error.description)])
            socket.close()
            return
        }
        let connection = Connection(socket: socket, tls: tls, owner: self)
        connections[socket.fd] = connection
        server.metrics.openConnections(protocolName: "tls-handshake").increment()
        do {
            try connection.start()
        } catch {
            connection.close()
        }
    }

    func connectionClosed(_ connection: Connection) {
        if connections[connection.socket.fd] === connection {
            connections[connection.socket.fd] = nil
        }
        if isDraining && connections.isEmpty { finish() }
    }

    private func sweep() {
        let now = ContinuousClock.now
        for connection in Array(connections.values) {
            connection.checkDeadlines(now: now, configuration: server.configuration)
        }
    }

    /// SIGTERM on this loop: no new connections; every connection answers what reaches it, busy ones with
    /// `Connection: close` (GOAWAY on HTTP/2), and idle ones stay open for the drain window.
    func drain() {
        guard !isDraining else { return }
        isDraining = true
        // Connections the kernel has queued were accepted by it, and their clients may have sent a request: take
        // them before closing the listener, which would reset them.
        listener.stopAccepting()
        while case .accepted(let socket, _) = listener.accept() {
            accept(socket)
        }
        listener.close()
        for connection in Array(connections.values) {
            connection.drain()
        }
        if connections.isEmpty {
            finish()
            return
        }
        drainWindowTimer = loop.schedule(after: .seconds(server.configuration.drainWindowSeconds)) {
            [unowned self] in
            self.drainWindowTimer = nil
            for connection in Array(self.connections.values) {
                connection.endDrainWindow()
            }
        }
    }

    private var drainWindowTimer: TimerID?

    /// The grace period is over: whatever is still open is closed.
    func forceClose() {
        for connection in Array(connections.values) {
            connection.close()
        }
        finish()
    }

    private var finished = false

    private func finish() {
        guard !finished else { return }
        finished = true
        if let sweepTimer { _ = loop.cancel(sweepTimer) }
        if let drainWindowTimer { _ = loop.cancel(drainWindowTimer) }
        onStopped()
    }
}
