import EventLoop
import Foundation
import Glibc
import Locking
import TLS

@testable import HTTPServer

/// Connections served on a loop thread of their own, each over one end of a socketpair whose other end a
/// `SocketPairClient` drives: the whole connection (TLS, protocol, drain, write backpressure) without a listener.
final class ConnectionHarness: @unchecked Sendable {
    let thread: EventLoopThread
    let events = RecordedEvents()
    /// Touched only on the loop thread. Kept apart from the harness, and all the loop's closures capture this
    /// instead of the harness: a closure the loop releases after the test has let go of the harness would otherwise
    /// run the harness's deinit on the loop thread, which cannot join itself (ThreadSanitizer: thread leak).
    private final class Served: @unchecked Sendable {
        let context: ConnectionContext
        var connections: [Connection] = []
        init(context: ConnectionContext) { self.context = context }
    }

    private let served: Served
    private let tlsContext: TLSContext
    let closed = Locked(0)

    init(limits: TransportLimits = TransportLimits()) throws {
        thread = try EventLoopThread()
        tlsContext = try TLSContext(configuration: TestCertificates.tls)
        let context = ConnectionContext(responder: EchoResponder(), limits: limits, loop: thread.loop, events: events)
        context.connectionClosed = { [closed] _ in closed.withLock { $0 += 1 } }
        served = Served(context: context)
    }

    deinit {
        thread.stopAndJoin()
    }

    /// A connection over a new socketpair, and the client for its other end. `sendBufferBytes` shrinks the server
    /// end's send buffer, so that large answers meet EAGAIN and partial writes.
    func connect(alpn: [String] = ["http/1.1"], sendBufferBytes: Int32? = nil) throws -> SocketPairClient {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { throw HarnessError("socketpair") }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        if var size = sendBufferBytes {
            setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let serverFD = fds[0]
        let tls = try TLSConnection(context: tlsContext)
        let transfer = UnsafeTransfer(tls)
        thread.loop.execute { [served] in
            let connection = Connection(socket: Socket(fd: serverFD), tls: transfer.value, context: served.context)
            served.connections.append(connection)
            try! connection.start()
        }
        return try SocketPairClient(fd: fds[1], alpn: alpn)
    }

    /// SIGTERM as the loop server passes it on; returns once the loop has passed it on.
    func drain() {
        let done = DispatchSemaphore(value: 0)
        thread.loop.execute { [served] in
            served.context.isDraining = true
            for connection in served.connections { connection.drain() }
            done.signal()
        }
        done.wait()
    }

    /// The loop's deadline sweep as it would run `seconds` from now; returns once it ran.
    func sweep(after seconds: Int) {
        let done = DispatchSemaphore(value: 0)
        thread.loop.execute { [served] in
            let later = ContinuousClock.now + .seconds(seconds)
            for connection in served.connections { connection.checkDeadlines(now: later) }
            done.signal()
        }
        done.wait()
    }

    func endDrainWindow() {
        thread.loop.execute { [served] in
            for connection in served.connections { connection.endDrainWindow() }
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The client end of a socketpair: blocking reads bounded by a 10 s receive timeout, TLS in memory.
final class SocketPairClient {
    /// How a read ended.
    enum End: Equatable {
        /// The predicate was met; the connection is still open.
        case open
        /// The server closed with a FIN (and, under TLS, close_notify).
        case endOfStream
        /// The server reset the connection.
        case reset
        case timedOut
    }

    let fd: Int32
    let tls: TLSConnection
    private var plaintext: [UInt8] = []

    init(fd: Int32, alpn: [String]) throws {
        self.fd = fd
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        tls = try TLSConnection(
            clientContext: TLSClientContext(
                configuration: TLSClientConfiguration(
                    trustRootsPath: TestCertificates.directory + "/ca.crt", applicationProtocols: alpn)),
            serverName: "localhost")
        for _ in 0..<20 {
            let result = tls.handshake()
            flushCiphertext()
            if result == .complete { return }
            if case .failed(let error) = result { throw error }
            guard readSocket() == nil else { throw HarnessError("closed during the handshake") }
        }
        throw HarnessError("handshake did not finish")
    }

    deinit {
        close(fd)
    }

    var negotiatedALPN: String? { tls.negotiatedALPN }

    func send(_ text: String) {
        send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) {
        _ = tls.writePlaintext(bytes)
        flushCiphertext()
    }

    /// Reads until `done` holds for the plaintext received so far, or the connection ends; returns all of it.
    func read(until done: ([UInt8]) -> Bool) -> (bytes: [UInt8], end: End) {
        for _ in 0..<100_000 {
            while case .data = tls.readPlaintext(into: &plaintext) {}
            if done(plaintext) { return (plaintext, .open) }
            if let end = readSocket() {
                while case .data = tls.readPlaintext(into: &plaintext) {}
                return (plaintext, end)
            }
        }
        return (plaintext, .timedOut)
    }

    /// Reads until the server ends the connection.
    func readToEnd() -> (bytes: [UInt8], end: End) {
        read(until: { _ in false })
    }

    /// nil after bytes were fed to TLS; otherwise how the socket ended.
    private func readSocket() -> End? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = Glibc.read(fd, &buffer, buffer.count)
        if count > 0 {
            tls.feed(Array(buffer[..<count]))
            return nil
        }
        if count == 0 { return .endOfStream }
        return errno == ECONNRESET ? .reset : .timedOut
    }

    private func flushCiphertext() {
        let bytes = tls.drainCiphertext()
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Responses in `bytes`, by their status lines.
    static func responses(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "HTTP/1.1 ").dropFirst().map {
            "HTTP/1.1 " + ($0.components(separatedBy: "\r\n").first ?? "")
        }
    }
}
