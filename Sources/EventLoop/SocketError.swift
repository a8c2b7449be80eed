import Glibc

/// A failed system call: which one, and its `errno`.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed.
    public enum Operation: String, Sendable {
        case address, socket, setOption, bind, listen, accept, connect, read, write, getName
        case epollCreate, epollControl, epollWait, eventfd, pipe, signalAction, thread
    }

    public let operation: Operation
    public let code: Int32

    /// Captures the current `errno`; create it right after the failing call.
    public init(_ operation: Operation, code: Int32 = errno) {
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "\(operation.rawValue): \(String(cString: strerror(code)))"
    }
}
