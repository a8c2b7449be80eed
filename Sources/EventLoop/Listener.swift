import CLinux
import Glibc

/// Outcome of `Listener.accept()`.
public enum AcceptResult: Sendable {
    /// A new non-blocking, close-on-exec connection.
    case accepted(Socket, peer: SocketAddress?)
    /// No connection is waiting.
    case wouldBlock
    /// EMFILE, ENFILE, ENOBUFS or ENOMEM: the connection stays queued until a descriptor or memory frees up.
    case outOfResources(SocketError)
    case failed(SocketError)
}

/// A non-blocking listening TCP socket that feeds accepted connections to a loop.
///
/// SO_REUSEPORT is set so each loop thread can bind its own listener on the same port and let the kernel spread
/// connections between them. Use it from one loop thread.
public final class Listener {
    public let socket: Socket
    /// The bound address, with the real port when 0 was asked for.
    public let address: SocketAddress

    private var loop: EventLoop?
    private var resumeTimer: TimerID?
    private var onAccept: ((Socket, SocketAddress?) -> Void)?
    private var onError: ((SocketError) -> Void)?
    private var maxAcceptsPerTurn = 64
    private var backoff: Duration = .milliseconds(100)

    /// Binds and listens. An all-interfaces address (`""`, `"*"`, `"::"`) gets a dual-stack IPv6 socket
    /// (IPV6_V6ONLY=0) that also takes IPv4 connections; `"0.0.0.0"` stays IPv4 only.
    public convenience init(host: String, port: UInt16, backlog: Int32 = 511, reusePort: Bool = true)
        throws(SocketError)
    {
        try self.init(address: SocketAddress(host: host, port: port), backlog: backlog, reusePort: reusePort)
    }

    /// With `reusePort` false the socket claims the port alone: binding fails with EADDRINUSE while any other
    /// socket holds it, SO_REUSEPORT ones included (a check that the port is really free).
    public init(address: SocketAddress, backlog: Int32 = 511, reusePort: Bool = true) throws(SocketError) {
        let fd = Glibc.socket(
            address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(.socket) }
        let socket = Socket(fd: fd)
        do throws(SocketError) {
            try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
            if reusePort { try socket.setOption(SOL_SOCKET, SO_REUSEPORT, 1) }
            if address.isIPv6 {
                try socket.setOption(Int32(IPPROTO_IPV6), Int32(IPV6_V6ONLY), address.isIPv6Unspecified ? 0 : 1)
            }
            guard address.withSockAddr({ bind(fd, $0, $1) }) == 0 else { throw SocketError(.bind) }
            guard listen(fd, backlog) == 0 else { throw SocketError(.listen) }
            self.address = try socket.localAddress()
        } catch {
            socket.close()
            throw error
        }
        self.socket = socket
    }

    /// Accepts one connection. ECONNABORTED (the client gave up while queued) and EINTR are retried.
    public func accept() -> AcceptResult {
        while true {
            let (fd, peer) = SocketAddress.read {
                accept4(socket.fd, $0, $1, Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue))
            }
            if fd >= 0 { return .accepted(Socket(fd: fd), peer: peer) }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfResources(SocketError(.accept))
            default: return .failed(SocketError(.accept))
            }
        }
    }

    /// Watches the listener on `loop` and hands each accepted connection to `onAccept`, on the loop thread.
    ///
    /// At most `maxAcceptsPerTurn` connections are taken per readiness event so a connection storm cannot starve
    /// established connections. When the process runs out of descriptors the queued connection cannot be taken,
    /// and a level-triggered loop would report the listener ready forever; instead accepting pauses for `backoff`
    /// (nginx likewise disables accept events for `accept_mutex_delay` on EMFILE). `onError` hears about every failure.
    public func startAccepting(
        on loop: EventLoop,
        maxAcceptsPerTurn: Int = 64,
        backoff: Duration = .milliseconds(100),
        onError: ((SocketError) -> Void)? = nil,
        onAccept: @escaping (Socket, SocketAddress?) -> Void
    ) throws(SocketError) {
        self.loop = loop
        self.maxAcceptsPerTurn = max(1, maxAcceptsPerTurn)
        self.backoff = backoff
        self.onAccept = onAccept
        self.onError = onError
        try resume()
    }

    /// Stops accepting; queued connections wait in the kernel backlog.
    public func stopAccepting() {
        if let resumeTimer { loop?.cancel(resumeTimer) }
        resumeTimer = nil
        loop?.unwatch(socket.fd)
        loop = nil
        onAccept = nil
        onError = nil
    }

    /// Stops accepting and closes the socket.
    public func close() {
        stopAccepting()
        socket.close()
    }

    /// Whether accepting is paused after running out of descriptors.
    public var isPaused: Bool { resumeTimer != nil }

    private func resume() throws(SocketError) {
        resumeTimer = nil
        try loop?.watch(socket.fd, for: .readable) { [unowned self] in self.acceptAvailable() }
    }

    private func acceptAvailable() {
        for _ in 0..<maxAcceptsPerTurn {
            switch accept() {
            case .accepted(let connection, let peer):
                onAccept?(connection, peer)
                // The handler may have stopped us.
                if onAccept == nil { return }
            case .wouldBlock:
                return
            case .outOfResources(let error):
                onError?(error)
                pause()
                return
            case .failed(let error):
                onError?(error)
                return
            }
        }
    }

    private func pause() {
        guard let loop else { return }
        loop.unwatch(socket.fd)
        resumeTimer = loop.schedule(after: backoff) { [unowned self] in
            do throws(SocketError) { try self.resume() } catch { self.onError?(error) }
        }
    }
}
