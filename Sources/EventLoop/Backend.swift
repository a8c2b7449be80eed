/// What a file descriptor is watched for, and what it turned out to be ready for.
public struct IOInterest: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let readable = IOInterest(rawValue: 1 << 0)
    public static let writable = IOInterest(rawValue: 1 << 1)
    public static let all: IOInterest = [.readable, .writable]
}

/// One descriptor reported ready by `Backend.poll`.
public struct ReadyEvent: Sendable, Equatable {
    public var fd: Int32
    /// Errors and hang-ups are reported as `.readable` and `.writable`, the way Redis's `ae_epoll.c` does, so the
    /// handler finds out through the `read` or `write` call that fails.
    public var ready: IOInterest

    public init(fd: Int32, ready: IOInterest) {
        self.fd = fd
        self.ready = ready
    }
}

/// The readiness API under an `EventLoop` (the seven-function interface of Redis's `ae_*.c`, as a protocol).
///
/// A backend is used from its loop's thread only.
public protocol Backend: AnyObject {
    /// Starts watching `fd`, which is not watched yet.
    func add(_ fd: Int32, interest: IOInterest) throws(SocketError)
    /// Changes the interest of a watched `fd`.
    func modify(_ fd: Int32, interest: IOInterest) throws(SocketError)
    /// Stops watching `fd`. Harmless when the kernel already dropped it (the descriptor was closed).
    func remove(_ fd: Int32)
    /// Waits up to `timeoutMilliseconds` (-1: forever, 0: don't block) and replaces `events` with what is ready.
    /// An interrupted wait (EINTR) returns with no events.
    func poll(timeoutMilliseconds: Int32, into events: inout [ReadyEvent]) throws(SocketError)
    /// Releases the backend's own descriptor. Called once, by `EventLoop.close()`.
    func close()
}
