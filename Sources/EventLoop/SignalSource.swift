import CLinux
import Glibc

/// Write ends of signal pipes, indexed by signal number. A raw buffer because the handler must not allocate,
/// retain or take locks; allocated before any handler is installed.
nonisolated(unsafe) private let signalPipes: UnsafeMutablePointer<Int32> = {
    let pipes = UnsafeMutablePointer<Int32>.allocate(capacity: Int(NSIG))
    pipes.initialize(repeating: -1, count: Int(NSIG))
    return pipes
}()

private let writeSignalNumber: @convention(c) (Int32) -> Void = { signal in
    let savedErrno = errno
    let fd = signalPipes[Int(signal)]
    if fd >= 0 {
        var byte = UInt8(truncatingIfNeeded: signal)
        // A full pipe drops the byte: the loop has unread signals already and will wake anyway.
        _ = write(fd, &byte, 1)
    }
    errno = savedErrno
}

/// Delivers signals (SIGTERM, SIGINT, SIGHUP...) as callbacks on an event loop, through a self-pipe.
///
/// A self-pipe rather than signalfd: signalfd only sees a signal if every thread in the process blocks it, which a
/// library cannot promise once the Swift runtime, Dispatch or a test runner have started threads of their own.
/// The `sigaction` handler here runs on whichever thread the kernel picks and only writes one byte to a
/// non-blocking pipe, which is async-signal-safe. At least one thread must leave the signals unblocked: `init`
/// unblocks them on the calling thread (Dispatch worker threads keep them blocked). Create it and close it on the
/// loop's thread; one source per signal in the process at a time.
public final class SignalSource {
    private let loop: EventLoop
    private let readFD: Int32
    private let writeFD: Int32
    private var previous: [(Int32, sigaction)] = []
    private var isClosed = false

    /// Installs handlers for `signals`; `handler` runs on `loop`'s thread with the signal number.
    public init(signals: [Int32], on loop: EventLoop, handler: @escaping (Int32) -> Void) throws(SocketError) {
        var fds: [Int32] = [-1, -1]
        guard pipe2(&fds, O_NONBLOCK | O_CLOEXEC) == 0 else { throw SocketError(.pipe) }
        self.loop = loop
        readFD = fds[0]
        writeFD = fds[1]
        let readFD = readFD
        do throws(SocketError) {
            try loop.watch(readFD, for: .readable) {
                var numbers = [UInt8](repeating: 0, count: 64)
                while true {
                    let count = read(readFD, &numbers, numbers.count)
                    guard count > 0 else { return }
                    for number in numbers.prefix(count) { handler(Int32(number)) }
                }
            }
            for signal in signals {
                precondition(signal > 0 && signal < NSIG, "not a signal number")
                signalPipes[Int(signal)] = writeFD
                var action = sigaction()
                action.__sigaction_handler.sa_handler = writeSignalNumber
                sigemptyset(&action.sa_mask)
                action.sa_flags = SA_RESTART
                var old = sigaction()
                guard sigaction(signal, &action, &old) == 0 else { throw SocketError(.signalAction) }
                previous.append((signal, old))
            }
            // The signal mask survives fork and exec: a parent that spawned us from a thread blocking these
            // signals (Foundation's Process on a Dispatch worker, some supervisors) leaves them blocked in every
            // thread, and the handler never runs. Unblock them on this thread so at least one thread takes them.
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            for signal in signals { sigaddset(&unblocked, signal) }
            pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        } catch {
            close()
            throw error
        }
    }

    /// Restores the previous dispositions and closes the pipe.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        for (signal, var old) in previous {
            _ = sigaction(signal, &old, nil)
            signalPipes[Int(signal)] = -1
        }
        previous.removeAll()
        loop.unwatch(readFD)
        Glibc.close(readFD)
        Glibc.close(writeFD)
    }

    /// Makes writes to a closed connection fail with EPIPE instead of killing the process. `Socket.write` already
    /// passes MSG_NOSIGNAL; this covers everything else (OpenSSL's own writes, pipes).
    public static func ignoreSIGPIPE() {
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
