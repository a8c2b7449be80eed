import EventLoop
import Glibc
import Testing

/// Echoes everything a connection sends and closes it at end-of-stream.
final class EchoServer {
    let listener: Listener
    private let loop: EventLoop
    private(set) var accepted: [SocketAddress?] = []

    init(host: String, on loop: EventLoop) throws {
        self.loop = loop
        listener = try Listener(host: host, port: 0)
        try listener.startAccepting(on: loop) { [unowned self] connection, peer in
            self.accepted.append(peer)
            try? connection.setNoDelay()
            try? loop.watch(connection.fd, for: .readable) {
                var bytes: [UInt8] = []
                switch connection.read(appendingTo: &bytes) {
                case .bytes:
                    // Loopback echo of a few bytes never fills the send buffer.
                    _ = connection.write(bytes)
                case .wouldBlock:
                    break
                case .endOfStream, .failed:
                    loop.unwatch(connection.fd)
                    connection.close()
                }
            }
        }
    }
}

/// Connects, sends `message`, half-closes and collects the reply until end-of-stream, then stops the loop.
final class EchoClient {
    private(set) var received: [UInt8] = []
    private(set) var failure: String?

    init(connectingTo address: SocketAddress, sending message: [UInt8], on loop: EventLoop) throws {
        let socket = try Socket.connect(to: address)
        var sent = false
        try loop.watch(socket.fd, for: .writable) { [unowned self] in
            guard !sent else { return }
            let error = socket.pendingError()
            guard error == 0 else {
                self.failure = "connect: \(error)"
                loop.stop()
                return
            }
            sent = true
            #expect(socket.write(message) == .wrote(message.count))
            socket.shutdownWrite()
            loop.unwatch(socket.fd, for: .writable)
        }
        try loop.watch(socket.fd, for: .readable) { [unowned self] in
            switch socket.read(appendingTo: &self.received) {
            case .bytes, .wouldBlock:
                break
            case .endOfStream:
                loop.unwatch(socket.fd)
                socket.close()
                loop.stop()
            case .failed(let error):
                self.failure = "\(error)"
                loop.unwatch(socket.fd)
                socket.close()
                loop.stop()
            }
        }
    }
}

@Suite struct SocketTests {
    @Test(arguments: [
        ("127.0.0.1", "127.0.0.1"),
        ("::1", "::1"),
        ("::", "127.0.0.1"),  // dual-stack: an IPv4 client reaches the all-interfaces IPv6 listener
        ("::", "::1"),
    ])
    func echoOverLoopback(listenHost: String, connectHost: String) throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let server = try EchoServer(host: listenHost, on: loop)
        defer { server.listener.close() }
        let message = Array("hello, loop \(listenHost)".utf8)
        let client = try EchoClient(
            connectingTo: SocketAddress(host: connectHost, port: server.listener.address.port), sending: message,
            on: loop)
        #expect(try !runBounded(loop))
        #expect(client.failure == nil)
        #expect(client.received == message)
        #expect(server.accepted.count == 1)
    }

    @Test func reusePortLetsTwoListenersShareAPort() throws {
        let first = try Listener(host: "127.0.0.1", port: 0)
        defer { first.close() }
        let second = try Listener(host: "127.0.0.1", port: first.address.port)
        defer { second.close() }
        #expect(second.address.port == first.address.port)
    }

    @Test func acceptWithNothingQueuedWouldBlock() throws {
        let listener = try Listener(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        guard case .wouldBlock = listener.accept() else {
            Issue.record("expected wouldBlock")
            return
        }
    }

    @Test func readWithNothingToReadWouldBlockAndWriteToAClosedPeerFails() throws {
        let listener = try Listener(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let client = try Socket.connect(to: listener.address)
        defer { client.close() }
        // The kernel completes loopback handshakes into the backlog; poll until the connection is queued.
        var result = listener.accept()
        var pollFD = pollfd(fd: listener.socket.fd, events: Int16(POLLIN), revents: 0)
        if case .wouldBlock = result {
            _ = poll(&pollFD, 1, 5000)
            result = listener.accept()
        }
        guard case .accepted(let server, let peer) = result else {
            Issue.record("expected a connection, got \(result)")
            return
        }
        #expect(peer?.host == "127.0.0.1")
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(buffer.withUnsafeMutableBytes { server.read(into: $0) } == .wouldBlock)
        server.close()
        // The first write may succeed into the buffer; the RST it provokes makes a later one fail with EPIPE or
        // ECONNRESET, and never raises SIGPIPE (which would kill the test process).
        var failed: SocketError?
        for _ in 0..<100 where failed == nil {
            if case .failed(let error) = client.write([1, 2, 3]) { failed = error }
            var clientPoll = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&clientPoll, 1, 50)
        }
        #expect(failed?.code == EPIPE || failed?.code == ECONNRESET)
    }

    @Test(arguments: ["localhost", "1.2.3", "::g", "[::1"])
    func addressRejectsNonLiterals(host: String) {
        #expect(throws: SocketError.self) { try SocketAddress(host: host, port: 80) }
    }

    @Test func addressFormatsBothFamilies() throws {
        #expect(try SocketAddress(host: "127.0.0.1", port: 8443).description == "127.0.0.1:8443")
        #expect(try SocketAddress(host: "[::1]", port: 443).description == "[::1]:443")
        #expect(try SocketAddress(host: "", port: 1).description == "[::]:1")
    }
}

@Suite struct SignalSourceTests {
    @Test func signalIsDeliveredOnTheLoop() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var received: [Int32] = []
        let source = try SignalSource(signals: [SIGUSR1, SIGUSR2], on: loop) { signal in
            received.append(signal)
            if received.count == 2 { loop.stop() }
        }
        defer { source.close() }
        // Test-runner threads (Dispatch workers) block signals, so raise them from a thread of our own that does
        // not: the handler runs there and the loop hears about it through the pipe.
        let raiser = try EventLoopThread()
        defer { raiser.stopAndJoin() }
        raiser.loop.execute {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGUSR1)
            sigaddset(&set, SIGUSR2)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            raise(SIGUSR2)
            raise(SIGUSR1)
        }
        #expect(try !runBounded(loop))
        #expect(received == [SIGUSR2, SIGUSR1])
    }

    @Test func ignoringSIGPIPEKeepsTheProcessAlive() {
        SignalSource.ignoreSIGPIPE()
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        var byte: UInt8 = 0
        #expect(write(fds[1], &byte, 1) == -1)
        #expect(errno == EPIPE)
        close(fds[1])
    }
}
