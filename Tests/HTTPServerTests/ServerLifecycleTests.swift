import Dispatch
import Foundation
import Testing

@testable import HTTPServer

/// The whole server in this process, on loopback: start-up and shutdown ordering between its loops. One test at a
/// time: `run()` installs the process's SIGTERM and SIGINT handlers (`SignalSource`, one source per signal in the
/// process at a time), so two servers running at once would race on them.
@Suite("server lifecycle", .serialized)
struct ServerLifecycleTests {
    static func makeServer(threads: Int, events: RecordedEvents = RecordedEvents()) throws -> HTTPServer {
        let configuration = HTTPServer.Configuration(
            address: "127.0.0.1", port: 0, threads: threads, tls: TestCertificates.tls,
            limits: TransportLimits(shutdownGraceSeconds: 30))
        return try HTTPServer(configuration: configuration, responder: EchoResponder(), events: events)
    }

    /// The start-up race: a shutdown that begins before a worker loop has run its set-up left that loop out of the
    /// drain, its count never reached zero and `run()` never returned. The worker's set-up is held here until the
    /// main loop has begun the shutdown; `run()` must still return (the grace period, 30 s, is not what ends it).
    @Test("a shutdown that begins before a worker loop's set-up still ends run()")
    func shutdownBeforeWorkerSetUp() throws {
        let events = RecordedEvents()
        let server = try Self.makeServer(threads: 2, events: events)
        let shutdownBegan = DispatchSemaphore(value: 0)
        server.afterShutdownBegan = { shutdownBegan.signal() }
        server.beforeLoopSetUp = { [unowned server] index in
            guard index == 1 else { return }
            server.shutdown()
            shutdownBegan.wait()
        }
        let returned = DispatchSemaphore(value: 0)
        let box = UnsafeTransfer(server)
        let thread = Thread {
            try? box.value.run()
            returned.signal()
        }
        thread.start()
        // A hang is the failure: bounded well below the 30 s grace period that would otherwise end it.
        #expect(returned.wait(timeout: .now() + .seconds(10)) == .success, "run() did not return")
        #expect(events.record.withLock { $0.lifecycle } == ["listening", "shutting down", "stopped"])
    }

    /// The kernel spreads connections over the loops' listeners by a hash of their addresses; the server must end up
    /// with them spread evenly whatever that hash did (one connection more on a loop at most).
    @Test("connections are spread evenly over the loops, whichever listener the kernel gave them to")
    func connectionsSpreadEvenly() throws {
        let server = try Self.makeServer(threads: 2)
        let placed = DispatchSemaphore(value: 0)
        server.afterConnectionPlaced = { _ in placed.signal() }
        let returned = DispatchSemaphore(value: 0)
        let box = UnsafeTransfer(server)
        Thread {
            try? box.value.run()
            returned.signal()
        }.start()
        let port = try #require(server.boundAddress?.port)
        var clients: [Int32] = []
        for count in 1...9 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            try #require(fd >= 0)
            clients.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            try #require(connected == 0)
            try #require(placed.wait(timeout: .now() + .seconds(10)) == .success, "connection \(count) not accepted")
            let open = server.balance.openPerLoop
            #expect(open.reduce(0, +) == count)
            #expect(open.max()! - open.min()! <= 1, "after \(count) connections: \(open)")
        }
        // Closed before the shutdown: connections that never finished a handshake would keep the drain open.
        for fd in clients { close(fd) }
        server.shutdown()
        #expect(returned.wait(timeout: .now() + .seconds(20)) == .success, "run() did not return")
    }
}
