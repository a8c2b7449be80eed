import Dispatch
import Foundation
import Locking

/// Log lines on their way to a file descriptor (standard output in `serve`). The event loops only append to a
/// bounded buffer; one background thread does the blocking writes. A log reader that stalls (a full pipe, a slow
/// collector) therefore never stalls serving: past `capacity` buffered bytes new lines are dropped and counted, and
/// once the reader catches up a line says how many were lost.
public final class LogSink: Sendable {
    /// Standard output, where `serve` writes its JSON lines.
    public static let standardOutput = LogSink(fileDescriptor: STDOUT_FILENO)

    private struct State: Sendable {
        var pending: [UInt8] = []
        var dropped = 0
        var droppedTotal = 0
        /// Signalled once everything buffered before they were added has been written.
        var flushWaiters: [DispatchSemaphore] = []
        var writerStarted = false
        /// The writer found nothing to write and waits for `wakeup`: the next line (or flush) signals it, once.
        var writerParked = false

        /// Whether the caller must signal `wakeup`: true once per park, so the semaphore never holds stale signals.
        mutating func unpark() -> Bool {
            defer { writerParked = false }
            return writerParked
        }
    }

    let fileDescriptor: Int32
    let capacity: Int
    private let state = Locked(State())
    private let wakeup = DispatchSemaphore(value: 0)

    /// `capacity`: the most bytes held for a reader that does not keep up (4 MiB is about 15,000 review lines).
    public init(fileDescriptor: Int32, capacity: Int = 4 << 20) {
        self.fileDescriptor = fileDescriptor
        self.capacity = capacity
    }

    /// Queues one line (with its newline). Never blocks on the file descriptor.
    public func write(_ line: String) {
        write(bytes: line.utf8)
    }

    /// Queues one line (with its newline) given as UTF-8. Never blocks on the file descriptor.
    public func write(bytes line: some Collection<UInt8>) {
        let wake = state.withLock { state -> Bool in
            if !state.writerStarted {
                state.writerStarted = true
                let thread = Thread { [self] in runWriter() }
                thread.name = "log-writer"
                thread.start()
            }
            guard state.pending.count + line.count <= capacity else {
                state.dropped += 1
                state.droppedTotal += 1
                return state.unpark()
            }
            state.pending.append(contentsOf: line)
            return state.unpark()
        }
        if wake { wakeup.signal() }
    }

    /// Lines dropped since start because the reader did not keep up.
    public var droppedLines: Int {
        state.withLock { $0.droppedTotal }
    }

    /// Waits until every line queued before the call has been written, or `timeout` passed (a reader that never
    /// reads must not keep the process from exiting). Returns false when the timeout passed first.
    @discardableResult
    public func flush(timeout: DispatchTimeInterval = .seconds(5)) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let started = state.withLock { state -> Bool? in
            guard state.writerStarted else { return nil }
            state.flushWaiters.append(done)
            return state.unpark()
        }
        guard let wake = started else { return true }
        if wake { wakeup.signal() }
        return done.wait(timeout: .now() + timeout) == .success
    }

    /// How long the writer lets lines gather after a write. Under load a write per line cost a wakeup of this thread
    /// and a context switch per review; batched, the writer wakes at most this often while lines keep coming.
    static let gatherInterval = timespec(tv_sec: 0, tv_nsec: 2_000_000)

    private func runWriter() {
        while true {
            let batch = state.withLock { state -> ([UInt8], Int, [DispatchSemaphore])? in
                guard !state.pending.isEmpty || state.dropped > 0 || !state.flushWaiters.isEmpty else {
                    state.writerParked = true
                    return nil
                }
                defer {
                    state.pending = []
                    state.dropped = 0
                    state.flushWaiters = []
                }
                return (state.pending, state.dropped, state.flushWaiters)
            }
            guard let (bytes, dropped, waiters) = batch else {
                wakeup.wait()
                continue
            }
            writeAll(bytes)
            if dropped > 0 {
                writeAll(Array(Self.droppedLine(dropped).utf8))
            }
            for waiter in waiters { waiter.signal() }
            var interval = Self.gatherInterval
            _ = nanosleep(&interval, nil)
        }
    }

    /// The line that owns up to lost lines, in the same shape as the others.
    static func droppedLine(_ count: Int) -> String {
        "{\"time\":\"\(JSONLogHandler.timestamp())\",\"level\":\"warning\",\"msg\":\"log lines dropped\","
            + "\"count\":\(count),\"reason\":\"the log reader did not keep up\"}\n"
    }

    /// Blocking write of all of `bytes`; gives the batch up if the descriptor fails (stdout closed).
    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    // A descriptor someone made non-blocking: wait until it takes more.
                    var ready = pollfd(fd: fileDescriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                } else {
                    return
                }
            }
        }
    }
}
