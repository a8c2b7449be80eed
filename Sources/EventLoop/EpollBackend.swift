import CLinux
import Glibc

/// Level-triggered epoll.
///
/// Level-triggered because a handler may read or write only part of what is available (one TLS record, one
/// request, a capped number of accepts) and come back on the next turn: the kernel keeps reporting the descriptor
/// until it is drained. Edge-triggered would oblige every handler to loop to EAGAIN or lose the wake-up, and it
/// saves nothing measurable at the connection counts a webhook sees.
public final class EpollBackend: Backend {
    private let epollFD: Int32
    private var buffer: [epoll_event]

    /// - Parameter maxEventsPerPoll: how many ready descriptors one `poll` returns at most; the rest come next turn.
    public init(maxEventsPerPoll: Int = 256) throws(SocketError) {
        let fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw SocketError(.epollCreate) }
        epollFD = fd
        buffer = [epoll_event](repeating: epoll_event(), count: max(1, maxEventsPerPoll))
    }

    public func add(_ fd: Int32, interest: IOInterest) throws(SocketError) {
        try control(EPOLL_CTL_ADD, fd, interest)
    }

    public func modify(_ fd: Int32, interest: IOInterest) throws(SocketError) {
        try control(EPOLL_CTL_MOD, fd, interest)
    }

    public func remove(_ fd: Int32) {
        // Kernels before 2.6.9 required a non-null event even for DEL.
        var event = epoll_event()
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, &event)
    }

    public func poll(timeoutMilliseconds: Int32, into events: inout [ReadyEvent]) throws(SocketError) {
        events.removeAll(keepingCapacity: true)
        let capacity = Int32(buffer.count)
        let count = buffer.withUnsafeMutableBufferPointer {
            epoll_wait(epollFD, $0.baseAddress, capacity, timeoutMilliseconds)
        }
        if count < 0 {
            if errno == EINTR { return }
            throw SocketError(.epollWait)
        }
        for index in 0..<Int(count) {
            let raw = buffer[index].events
            var ready: IOInterest = []
            if raw & EPOLLIN.rawValue != 0 { ready.insert(.readable) }
            if raw & EPOLLOUT.rawValue != 0 { ready.insert(.writable) }
            if raw & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { ready.formUnion(.all) }
            events.append(ReadyEvent(fd: buffer[index].data.fd, ready: ready))
        }
    }

    public func close() {
        _ = Glibc.close(epollFD)
    }

    private func control(_ operation: Int32, _ fd: Int32, _ interest: IOInterest) throws(SocketError) {
        var event = epoll_event()
        if interest.contains(.readable) { event.events |= EPOLLIN.rawValue }
        if interest.contains(.writable) { event.events |= EPOLLOUT.rawValue }
        event.data.fd = fd
        guard epoll_ctl(epollFD, operation, fd, &event) == 0 else { throw SocketError(.epollControl) }
    }
}
