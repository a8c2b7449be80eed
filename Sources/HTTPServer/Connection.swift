import EventLoop
import Foundation
import TLS

/// One accepted TCP connection: socket bytes through TLS into the protocol ALPN chose, and back. Lives on one loop
/// and is touched only from that loop's thread.
final class Connection {
    private enum Phase {
        case handshaking
        case serving(any ProtocolHandler)
        case closed
    }

    /// Stop reading from a client that does not read its responses once this much ciphertext waits to be sent.
    static let maxPendingOutput = 4 << 20
    static let readChunk = 64 << 10
    /// The protocol name a connection has in `ServerEvents` until ALPN has chosen one.
    static let handshakeProtocolName = "tls-handshake"

    let socket: Socket
    private let context: ConnectionContext
    private let tls: TLSConnection
    private var phase = Phase.handshaking
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var plainOutput: [UInt8] = []
    private var closeAfterFlush = false
    private var watchingWritable = false
    private var readingPaused = false
    /// Since when output has waited on a socket the client does not read from; nil while writes make progress.
    private var writeBlockedSince: ContinuousClock.Instant?
    private var continuationScheduled = false
    /// Encrypted answers wait for the end of the loop's batch of ready descriptors (`sendGathered`).
    private var sendGatheredLater = false
    /// The client sent its FIN (or close_notify): close once everything it asked for is answered.
    private var peerFinished = false
    /// The socket read end-of-stream: the client's FIN arrived.
    private var sawEndOfStream = false
    /// Since when everything is sent, FIN included, and the connection waits for the client's FIN (see
    /// `closeGracefully`); nil before.
    private var lingeringSince: ContinuousClock.Instant?
    /// How long a closing connection waits for the client's FIN before closing anyway.
    static let lingerTimeout = Duration.seconds(2)

    private var hasPendingWork: Bool {
        if case .serving(let handler) = phase { return handler.hasPendingWork }
        return false
    }
    let acceptedAt = ContinuousClock.now
    private(set) var lastActivity = ContinuousClock.now

    init(socket: Socket, tls: TLSConnection, context: ConnectionContext) {
        self.socket = socket
        self.tls = tls
        self.context = context
    }

    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    var protocolName: String? {
        if case .serving(let handler) = phase { return handler.protocolName }
        return nil
    }

    /// Starts reading; from now on the connection counts as open (in the handshake) until `close()`.
    func start() throws(SocketError) {
        context.events.connectionEntered(protocolName: Self.handshakeProtocolName)
        try context.loop.watch(socket.fd, for: .readable) { [unowned self] in self.readable() }
    }

    // MARK: - Reading

    private func readable() {
        var peerClosed = false
        let readBuffer = context.readBuffer
        reading: for _ in 0..<16 {
            switch socket.read(into: readBuffer) {
            case .bytes(let count):
                tls.feed(UnsafeRawBufferPointer(rebasing: readBuffer[..<count]))
                // A short read emptied the socket: the next read would only say EAGAIN (one syscall per request).
                // The descriptor is level-triggered, so bytes that arrive after it wake the loop again.
                if count < readBuffer.count { break reading }
            case .endOfStream:
                peerClosed = true
                sawEndOfStream = true
                break reading
            case .wouldBlock:
                break reading
            case .failed:
                close()
                return
            }
        }
        lastActivity = .now
        process()
        if peerClosed && !isClosed {
            // The client is gone (or half-closed): answer nothing more once what is queued, and what it pipelined
            // before closing, is flushed.
            peerFinished = true
            if !hasPendingWork { closeAfterFlush = true }
            flush()
        }
    }

    /// Drives the handshake, then hands decrypted bytes to the protocol handler.
    private func process() {
        if case .handshaking = phase {
            switch tls.handshake() {
            case .wantMoreData:
                flush()
                return
            case .failed(let error):
                context.events.handshakeFailed(error)
                closeAfterFlush = true
                flush()
                return
            case .complete:
                let handler: any ProtocolHandler
                if tls.negotiatedALPN == "h2" {
                    do {
                        let http2 = try HTTP2Handler(context: context)
                        http2.start(output: &plainOutput)
                        handler = http2
                    } catch {
                        context.events.errorIgnored(site: "nghttp2_session_server_new", error: error.description)
                        close()
                        return
                    }
                } else {
                    handler = HTTP1Handler(context: context)
                }
                phase = .serving(handler)
                context.events.connectionLeft(protocolName: Self.handshakeProtocolName)
                context.events.connectionEntered(protocolName: handler.protocolName)
                // A handshake that was under way at SIGTERM: served like any other connection during the drain.
                if context.isDraining, handler.beginDrain(output: &plainOutput) {
                    closeAfterFlush = true
                }
            }
        }
        guard case .serving(let handler) = phase else { return }
        var peerSentCloseNotify = false
        // Plaintext is decrypted into the loop's read buffer (the ciphertext it held is in the TLS object by now)
        // and handed to the handler from there: no array of its own, no allocation per read.
        let scratch = context.readBuffer
        reading: while true {
            switch tls.readPlaintext(into: scratch) {
            case .data(let count):
                let plaintext = UnsafeRawBufferPointer(rebasing: scratch[..<count])
                if handler.receive(plaintext, output: &plainOutput) { closeAfterFlush = true }
            case .wantMoreData:
                break reading
            case .closed:
                peerSentCloseNotify = true
                break reading
            case .failed(let error):
                context.events.errorIgnored(site: "SSL_read", error: error.description)
                closeAfterFlush = true
                break reading
            }
        }
        if peerSentCloseNotify {
            peerFinished = true
            if !handler.hasPendingWork { closeAfterFlush = true }
        }
        // Requests wait in the handler: read no more until they are answered (see `flush`).
        if handler.hasPendingWork { pauseReading() }
        sendPlaintext()
    }

    /// Lets the handler answer the requests it left waiting, in a later loop turn so that other connections run in
    /// between.
    private func scheduleContinuation() {
        guard !continuationScheduled else { return }
        continuationScheduled = true
        _ = context.loop.schedule(after: .zero) { [weak self] in
            guard let self else { return }
            self.continuationScheduled = false
            guard case .serving(let handler) = self.phase, handler.hasPendingWork else { return }
            let nothing = UnsafeRawBufferPointer(start: nil, count: 0)
            if handler.receive(nothing, output: &self.plainOutput) { self.closeAfterFlush = true }
            if self.peerFinished && !handler.hasPendingWork { self.closeAfterFlush = true }
            self.sendPlaintext()
        }
    }

    // MARK: - Writing

    /// Encrypts what the handler produced and sends it.
    private func sendPlaintext() {
        guard lingeringSince == nil else { return }
        if !plainOutput.isEmpty {
            if case .failed(let error) = tls.writePlaintext(plainOutput) {
                // The TLS session is broken: nothing more can be sent on it.
                context.events.errorIgnored(site: "SSL_write", error: error.description)
                closeAfterFlush = true
            }
            plainOutput.removeAll(keepingCapacity: true)
        }
        if closeAfterFlush && !isClosed {
            // false when the alert could not be queued (the session failed): the FIN still ends the connection.
            _ = tls.shutdown()
        }
        if !closeAfterFlush && !sendGatheredLater {
            sendGatheredLater = context.gatherSend(self)
        }
        if !sendGatheredLater { flush() }
    }

    /// Sends what `sendPlaintext` left for the end of the loop's batch (`ConnectionContext.gatherSend`).
    func sendGathered() {
        sendGatheredLater = false
        guard !isClosed else { return }
        flush()
    }

    private func flush() {
        guard lingeringSince == nil else { return }
        if tls.hasPendingCiphertext {
            let ciphertext = tls.drainCiphertext()
            if pendingOffset == pending.count {
                pending = ciphertext
                pendingOffset = 0
            } else {
                pending.append(contentsOf: ciphertext)
            }
        }
        while pendingOffset < pending.count {
            let result = pending.withUnsafeBytes { bytes in
                socket.write(UnsafeRawBufferPointer(rebasing: bytes[pendingOffset...]))
            }
            switch result {
            case .wrote(let count):
                pendingOffset += count
                if count > 0 { writeBlockedSince = nil }
            case .wouldBlock:
                if writeBlockedSince == nil { writeBlockedSince = .now }
                watchWritable(true)
                pauseReadingIfBacklogged()
                return
            case .failed:
                close()
                return
            }
        }
        pending.removeAll(keepingCapacity: pending.capacity <= Self.readChunk)
        pendingOffset = 0
        writeBlockedSince = nil
        watchWritable(false)
        if closeAfterFlush {
            closeGracefully()
        } else if hasPendingWork {
            scheduleContinuation()
        } else if readingPaused {
            resumeReading()
        }
    }

    private func watchWritable(_ on: Bool) {
        guard on != watchingWritable, !isClosed else { return }
        watchingWritable = on
        if on {
            do {
                try context.loop.watch(socket.fd, for: .writable) { [unowned self] in self.flush() }
            } catch {
                context.events.errorIgnored(site: "epoll_ctl(writable)", error: error.description)
                close()
            }
        } else {
            context.loop.unwatch(socket.fd, for: .writable)
        }
    }

    private func pauseReadingIfBacklogged() {
        guard pending.count - pendingOffset > Self.maxPendingOutput else { return }
        pauseReading()
    }

    private func pauseReading() {
        guard !readingPaused, !isClosed else { return }
        readingPaused = true
        context.loop.unwatch(socket.fd, for: .readable)
    }

    private func resumeReading() {
        readingPaused = false
        do {
            try context.loop.watch(socket.fd, for: .readable) { [unowned self] in self.readable() }
        } catch {
            context.events.errorIgnored(site: "epoll_ctl(readable)", error: error.description)
            close()
        }
    }

    // MARK: - Closing

    /// Everything is sent: FIN, then read and discard until the client's FIN. Closing with unread bytes in the
    /// receive buffer (a request the client sent as we decided to close) makes the kernel send a reset, which can
    /// destroy a response the client has not read yet (RFC 9112 section 9.6, "tear-down").
    private func closeGracefully() {
        guard lingeringSince == nil, !isClosed else { return }
        if sawEndOfStream {
            close()
            return
        }
        socket.shutdownWrite()
        lingeringSince = .now
        do {
            try context.loop.watch(socket.fd, for: .readable) { [unowned self] in self.discardUntilClosed() }
        } catch {
            context.events.errorIgnored(site: "epoll_ctl(readable)", error: error.description)
            close()
            return
        }
        readingPaused = false
        discardUntilClosed()
    }

    private func discardUntilClosed() {
        for _ in 0..<16 {
            switch socket.read(into: context.readBuffer) {
            case .bytes:
                continue
            case .wouldBlock:
                return
            case .endOfStream, .failed:
                close()
                return
            }
        }
    }

    // MARK: - Lifecycle

    /// SIGTERM: finish what was received, then close (GOAWAY on HTTP/2, `Connection: close` on HTTP/1.1).
    func drain() {
        switch phase {
        case .handshaking:
            // The client may already have sent its request behind the handshake: `process` starts the drain
            // once the protocol is known.
            break
        case .serving(let handler):
            if handler.beginDrain(output: &plainOutput) { closeAfterFlush = true }
            sendPlaintext()
        case .closed:
            break
        }
    }

    /// The drain window is over: an idle connection closes, after reading (and answering) whatever reached it
    /// since the last turn; a busy one closes after its response.
    func endDrainWindow() {
        guard lingeringSince == nil, !isClosed, case .serving(let handler) = phase else { return }
        if !readingPaused { readable() }
        guard lingeringSince == nil, !isClosed else { return }
        if handler.endDrainWindow(output: &plainOutput) { closeAfterFlush = true }
        sendPlaintext()
    }

    /// Called once a second by the loop: the handshake, write and linger deadlines here, the request and idle
    /// deadlines in the protocol handler.
    func checkDeadlines(now: ContinuousClock.Instant) {
        if let lingeringSince {
            if now - lingeringSince > Self.lingerTimeout { close() }
            return
        }
        let requestTimeout = Duration.seconds(context.limits.requestTimeoutSeconds)
        if let writeBlockedSince, now - writeBlockedSince > requestTimeout {
            // The client has read nothing for that long while answers wait (it stopped reading, or vanished
            // without a FIN): nothing more can reach it, and waiting would hold the connection forever.
            close()
            return
        }
        switch phase {
        case .handshaking:
            if now - acceptedAt > requestTimeout { close() }
        case .serving(let handler):
            switch handler.checkDeadlines(now: now, lastActivity: lastActivity, output: &plainOutput) {
            case .none:
                break
            case .send:
                sendPlaintext()
            case .close:
                closeAfterFlush = true
                sendPlaintext()
            }
        case .closed:
            break
        }
    }

    func close() {
        let name: String
        switch phase {
        case .closed: return
        case .handshaking: name = Self.handshakeProtocolName
        case .serving(let handler): name = handler.protocolName
        }
        phase = .closed
        context.events.connectionLeft(protocolName: name)
        context.loop.unwatch(socket.fd)
        socket.close()
        context.connectionClosed(self)
    }
}
