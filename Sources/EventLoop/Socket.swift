import CLinux
import Glibc

/// Outcome of `Socket.read(into:)`.
public enum ReadResult: Sendable, Equatable {
    /// This many bytes (more than zero) were read.
    case bytes(Int)
    /// The peer closed its side; no more bytes will come.
    case endOfStream
    /// Nothing to read now (EAGAIN); wait for the readable event.
    case wouldBlock
    case failed(SocketError)
}

/// Outcome of `Socket.write(_:)`.
public enum WriteResult: Sendable, Equatable {
    /// This many bytes were accepted by the kernel, possibly fewer than offered.
    case wrote(Int)
    /// The send buffer is full (EAGAIN); wait for the writable event.
    case wouldBlock
    case failed(SocketError)
}

/// A non-blocking TCP socket. A plain descriptor wrapper: copies share the descriptor and nothing closes it but
/// `close()`, which the owner calls once, after `EventLoop.unwatch`.
public struct Socket: Sendable, Hashable {
    public let fd: Int32

    /// Adopts an open descriptor.
    public init(fd: Int32) {
        self.fd = fd
    }

    /// Starts a non-blocking connect. The connection is usable once the socket turns writable and `pendingError()`
    /// is 0; on loopback it often completes at once.
    public static func connect(to address: SocketAddress) throws(SocketError) -> Socket {
        let fd = Glibc.socket(
            address.family, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(.socket) }
        let result = address.withSockAddr { Glibc.connect(fd, $0, $1) }
        if result != 0 && errno != EINPROGRESS {
            let error = SocketError(.connect)
            Glibc.close(fd)
            throw error
        }
        return Socket(fd: fd)
    }

    /// Reads at most `buffer.count` bytes. EINTR is retried.
    public func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return buffer.isEmpty ? .bytes(0) : .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SocketError(.read))
            }
        }
    }

    /// Reads up to `maxBytes` and appends them to `bytes` (through scratch space on the stack: nothing is zeroed).
    public func read(appendingTo bytes: inout [UInt8], maxBytes: Int = 16_384) -> ReadResult {
        withUnsafeTemporaryAllocation(byteCount: maxBytes, alignment: 16) { scratch in
            let result = read(into: scratch)
            if case .bytes(let count) = result {
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<count]))
            }
            return result
        }
    }

    /// Writes as much of `bytes` as the kernel takes. Uses MSG_NOSIGNAL, so a closed peer is `.failed(EPIPE)`,
    /// never SIGPIPE. EINTR is retried.
    public func write(_ bytes: UnsafeRawBufferPointer) -> WriteResult {
        while true {
            let count = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return .wrote(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SocketError(.write))
            }
        }
    }

    /// Writes as much of `bytes` as the kernel takes.
    public func write(_ bytes: ArraySlice<UInt8>) -> WriteResult {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Writes as much of `bytes` as the kernel takes.
    public func write(_ bytes: [UInt8]) -> WriteResult {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Disables Nagle's algorithm: responses are written whole, and waiting for an ACK only adds latency.
    public func setNoDelay(_ enabled: Bool = true) throws(SocketError) {
        try setOption(Int32(IPPROTO_TCP), Int32(TCP_NODELAY), enabled ? 1 : 0)
    }

    /// The error of a non-blocking connect (SO_ERROR), 0 when connected.
    public func pendingError() -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return errno }
        return value
    }

    /// Sends FIN after the queued bytes; the peer reads end-of-stream.
    public func shutdownWrite() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    public func localAddress() throws(SocketError) -> SocketAddress {
        let (result, address) = SocketAddress.read { getsockname(fd, $0, $1) }
        guard result == 0, let address else { throw SocketError(.getName) }
        return address
    }

    public func peerAddress() throws(SocketError) -> SocketAddress {
        let (result, address) = SocketAddress.read { getpeername(fd, $0, $1) }
        guard result == 0, let address else { throw SocketError(.getName) }
        return address
    }

    /// Closes the descriptor. Unwatch it from its loop first.
    public func close() {
        _ = Glibc.close(fd)
    }

    func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws(SocketError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError(.setOption)
        }
    }
}
