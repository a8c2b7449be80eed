import EventLoop
import Foundation
import TLS

/// The part of the server that lives on one event loop: its listener and its connections. Touched only from that
/// loop's thread.
final class LoopServer {
    let loop: EventLoop
    /// This loop's place in `balance` and `peers`.
    let index: Int
    private let balance: ConnectionBalance
    /// Every loop's server, this one included; set before any loop starts. Only their `loop` is touched from here
    /// (to queue a handed-over connection there).
    var peers: [LoopServer] = []
    private let listener: Listener
    private let tlsStore: TLSContextStore
    private let context: ConnectionContext
    private var connections: [Int32: Connection] = [:]
    private var sweepTimer: TimerID?
    private var drainWindowTimer: TimerID?
    private let onStopped: @Sendable () -> Void
    private let afterConnectionPlaced: (@Sendable (Int) -> Void)?

    init(
        loop: EventLoop, index: Int, balance: ConnectionBalance, listener: Listener, server: HTTPServer,
        onStopped: @escaping @Sendable () -> Void
    ) {
        self.loop = loop
        self.index = index
        self.balance = balance
        self.listener = listener
        self.tlsStore = server.tlsStore
        self.afterConnectionPlaced = server.afterConnectionPlaced
        self.onStopped = onStopped
        context = ConnectionContext(
            responder: server.responder, limits: server.configuration.limits, loop: loop, events: server.events)
    }

    /// Starts accepting; runs on the loop thread.
    func start() {
        context.connectionClosed = { [unowned self] connection in self.connectionClosed(connection) }
        do {
            try listener.startAccepting(
                on: loop,
                onError: { [unowned self] error in self.context.events.lifecycle(.acceptFailed(error.description)) },
                onAccept: { [unowned self] socket, _ in self.accept(socket) })
        } catch {
            context.events.lifecycle(.acceptFailed(error.description))
        }
        sweepTimer = loop.scheduleRepeating(every: .seconds(1)) { [unowned self] in self.sweep() }
    }

    /// A connection this loop's listener took: served here, or handed to the loop with the fewest connections.
    private func accept(_ socket: Socket) {
        let target = balance.place(acceptedOn: index) { target in
            let peer = UnsafeTransfer(peers[target])
            peer.value.loop.execute { peer.value.adopt(socket) }
        }
        if target == index { adopt(socket) }
        afterConnectionPlaced?(target)
    }

    /// Serves `socket` on this loop (counted in `balance` already).
    private func adopt(_ socket: Socket) {
        do {
            try socket.setNoDelay()
        } catch {
            context.events.errorIgnored(site: "setsockopt(TCP_NODELAY)", error: error.description)
        }
        let tls: TLSConnection
        do {
            tls = try TLSConnection(context: tlsStore.current)
        } catch {
            context.events.errorIgnored(site: "SSL_new", error: error.description)
            socket.close()
            balance.closed(on: index)
            return
        }
        let connection = Connection(socket: socket, tls: tls, context: context)
        connections[socket.fd] = connection
        do {
            try connection.start()
        } catch {
            context.events.errorIgnored(site: "epoll_ctl(ADD)", error: error.description)
            connection.close()
        }
        // Handed over as the drain began on this loop: served as the drain serves every connection.
        if context.isDraining && !connection.isClosed { connection.drain() }
    }

    private func connectionClosed(_ connection: Connection) {
        if connections[connection.socket.fd] === connection {
            connections[connection.socket.fd] = nil
        }
        balance.closed(on: index)
        if context.isDraining && connections.isEmpty { finish() }
    }

    private func sweep() {
        let now = ContinuousClock.now
        for connection in Array(connections.values) {
            connection.checkDeadlines(now: now)
        }
    }

    /// SIGTERM on this loop: no new connections; every connection answers what reaches it, busy ones with
    /// `Connection: close` (GOAWAY on HTTP/2), and idle ones stay open for the drain window.
    func drain() {
        guard !context.isDraining else { return }
        context.isDraining = true
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
        drainWindowTimer = loop.schedule(after: .seconds(context.limits.drainWindowSeconds)) { [unowned self] in
            self.drainWindowTimer = nil
            for connection in Array(self.connections.values) {
                connection.endDrainWindow()
            }
        }
    }

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

/// What a connection needs from the loop it lives on; one per loop (it takes the loop's `afterReadyHandlers`),
/// shared by its connections, touched only on that loop's thread.
final class ConnectionContext {
    let responder: any Responder
    let limits: TransportLimits
    let loop: EventLoop
    let events: any ServerEvents
    /// Scratch space for socket reads, shared by the loop's connections (one runs at a time). Raw memory: a
    /// `[UInt8]` had to be filled with zeros (64 KiB, byte by byte) before every read.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Connection.readChunk, alignment: 16)
    /// SIGTERM has reached this loop.
    var isDraining = false
    /// Called once for each connection, when it closes.
    var connectionClosed: (Connection) -> Void = { _ in }

    /// Connections whose answers wait for the end of the loop's batch of ready descriptors (`gatherSend`).
    private var gathered: [Connection] = []
    /// The list `sendGathered` walks (the previous `gathered`).
    private var sending: [Connection] = []
    /// When answers were last sent before the end of a batch (the budget was spent), in `EventLoop.now()` nanoseconds.
    private var gatherWindowRestartedAt: UInt64 = 0
    private var sendsGatheredByLoop = false
    /// How much of a batch's work answers may wait for.
    static let gatherBudgetNanoseconds: UInt64 = 500_000

    /// Queues `connection`'s send for the end of the current batch of ready descriptors; false when the caller sends
    /// now: outside a batch (timers), or once the batch has worked `gatherBudgetNanoseconds` since it began or since
    /// answers were last sent, and then everything queued goes out first.
    ///
    /// Sending the answers of a batch together, after every ready connection had its turn, keeps the loop from
    /// waking each client (and, on a machine it shares with them, being preempted by it) between two requests:
    /// measured under `wrk`, CPU per request and context switches drop (commit message). The budget bounds the
    /// wait to about itself plus one request: a request that alone takes longer (a 200 KB review) is sent as soon
    /// as it is answered.
    func gatherSend(_ connection: Connection) -> Bool {
        guard loop.isRunningReadyHandlers else { return false }
        if !sendsGatheredByLoop {
            // Installed from the loop thread, the first time it is needed: the loop reads it after this batch.
            loop.afterReadyHandlers = { [weak self] in self?.sendGathered() }
            sendsGatheredByLoop = true
        }
        let now = EventLoop.now()
        if now - max(loop.readyHandlersStartedAt, gatherWindowRestartedAt) > Self.gatherBudgetNanoseconds {
            sendGathered()
            gatherWindowRestartedAt = now
            return false
        }
        gathered.append(connection)
        return true
    }

    /// Sends what `gatherSend` held back.
    func sendGathered() {
        guard !gathered.isEmpty else { return }
        // Swapped with a list kept for its capacity: copying the list out before emptying it made the emptied one
        // allocate anew at every batch.
        swap(&gathered, &sending)
        for connection in sending {
            connection.sendGathered()
        }
        sending.removeAll(keepingCapacity: true)
    }

    init(responder: any Responder, limits: TransportLimits, loop: EventLoop, events: any ServerEvents) {
        self.responder = responder
        self.limits = limits
        self.loop = loop
        self.events = events
    }

    deinit {
        readBuffer.deallocate()
    }
}
