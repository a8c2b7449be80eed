import CLinux
import Glibc
import Locking
import Synchronization

/// Called on the loop thread when a watched descriptor is ready.
public typealias IOHandler = () -> Void

/// A single-threaded reactor in the style of Redis's `ae.c`: descriptor handlers in an fd-indexed array, timers,
/// and a queue other threads use to hand it work.
///
/// Threading contract: one loop per thread. `execute(_:)`, `stop()` and `inLoopThread` may be called from any
/// thread. Everything else (`watch`, `unwatch`, `schedule`, `cancel`, `run`, `close`) must be called on the thread
/// running `run()`, or before `run()` starts / after it returns. Handlers and timers always run on the loop thread.
/// The class is `@unchecked Sendable` because only the members above touch shared state, through `pending`
/// (a `Locked`) and the atomics.
public final class EventLoop: @unchecked Sendable {
    private struct FileEvent {
        var interest: IOInterest = []
        var onReadable: IOHandler?
        var onWritable: IOHandler?
    }

    private let backend: any Backend
    private var files: [FileEvent] = []
    private var ready: [ReadyEvent] = []
    private var timers = TimerQueue()
    private let wakeFD: Int32
    private let pending = Locked<[@Sendable () -> Void]>([])
    private let stopRequested = Atomic<Bool>(false)
    private let owner = Atomic<UInt>(0)  // pthread_t of the thread inside run(), 0 when none
    private let closed = Atomic<Bool>(false)

    /// True while the loop calls the handlers of one poll's ready descriptors (not during timers or queued work).
    public private(set) var isRunningReadyHandlers = false
    /// When the current (or last) poll returned ready descriptors, in `now()` nanoseconds.
    public private(set) var readyHandlersStartedAt: UInt64 = 0
    /// Runs on the loop thread once the handlers of one poll's ready descriptors are done, before due timers: a
    /// server gathers there what the handlers of one batch answered and sends it together (`HTTPServer`).
    public var afterReadyHandlers: (() -> Void)?

    /// - Parameter backend: defaults to a new level-triggered `EpollBackend`.
    public init(backend given: (any Backend)? = nil) throws(SocketError) {
        let backend: any Backend
        if let given { backend = given } else { backend = try EpollBackend() }
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else {
            backend.close()
            throw SocketError(.eventfd)
        }
        self.backend = backend
        self.wakeFD = fd
        do throws(SocketError) {
            try watch(fd, for: .readable) { [unowned self] in self.drainPending() }
        } catch {
            Glibc.close(fd)
            backend.close()
            throw error
        }
    }

    /// Whether the caller is the thread currently inside `run()`.
    public var inLoopThread: Bool {
        owner.load(ordering: .acquiring) == pthread_self()
    }

    // MARK: Descriptors

    /// Calls `handler` whenever `fd` is ready for each kind in `interest`, replacing any handler set earlier for that
    /// kind. When a descriptor is both readable and writable in one turn, the readable handler runs first; the
    /// writable one runs afterwards only if it is still watched.
    public func watch(_ fd: Int32, for interest: IOInterest, handler: @escaping IOHandler) throws(SocketError) {
        assertOnLoop()
        precondition(fd >= 0, "negative file descriptor")
        if fd >= files.count {
            files.append(contentsOf: repeatElement(FileEvent(), count: Int(fd) + 1 - files.count))
        }
        let old = files[Int(fd)].interest
        let new = old.union(interest)
        if old.isEmpty {
            try backend.add(fd, interest: new)
        } else if new != old {
            try backend.modify(fd, interest: new)
        }
        files[Int(fd)].interest = new
        if interest.contains(.readable) { files[Int(fd)].onReadable = handler }
        if interest.contains(.writable) { files[Int(fd)].onWritable = handler }
    }

    /// Stops calling the handlers for `interest`. Call it with `.all` before closing a descriptor, or the number may
    /// be reused by a new socket that would inherit the old handlers.
    public func unwatch(_ fd: Int32, for interest: IOInterest = .all) {
        assertOnLoop()
        guard fd >= 0, Int(fd) < files.count else { return }
        let old = files[Int(fd)].interest
        let new = old.subtracting(interest)
        if new.isEmpty {
            if !old.isEmpty { backend.remove(fd) }
        } else if new != old {
            // MOD can only fail here if the descriptor is gone, in which case the kernel already forgot it.
            try? backend.modify(fd, interest: new)
        }
        files[Int(fd)].interest = new
        if interest.contains(.readable) { files[Int(fd)].onReadable = nil }
        if interest.contains(.writable) { files[Int(fd)].onWritable = nil }
    }

    /// What `fd` is currently watched for.
    public func interest(for fd: Int32) -> IOInterest {
        fd >= 0 && Int(fd) < files.count ? files[Int(fd)].interest : []
    }

    // MARK: Timers

    /// Runs `body` once on the loop thread after `delay`.
    @discardableResult
    public func schedule(after delay: Duration, _ body: @escaping () -> Void) -> TimerID {
        assertOnLoop()
        return timers.schedule(at: Self.now() + delay.nanoseconds, interval: nil, body)
    }

    /// Runs `body` every `interval` until cancelled; the first run is one interval from now.
    @discardableResult
    public func scheduleRepeating(every interval: Duration, _ body: @escaping () -> Void) -> TimerID {
        assertOnLoop()
        let nanoseconds = interval.nanoseconds
        return timers.schedule(at: Self.now() + nanoseconds, interval: nanoseconds, body)
    }

    /// Cancels a pending timer; returns false when it already fired (one-shot) or was cancelled.
    @discardableResult
    public func cancel(_ id: TimerID) -> Bool {
        assertOnLoop()
        return timers.cancel(id)
    }

    // MARK: Cross-thread work

    /// Runs `work` on the loop thread during a later turn. Safe from any thread, including the loop's own.
    /// Work still queued when the loop is closed is dropped.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        let wasEmpty = pending.withLock { queue in
            let wasEmpty = queue.isEmpty
            queue.append(work)
            return wasEmpty
        }
        // Only the first enqueue needs to wake the loop: it drains the whole queue.
        if wasEmpty { wake() }
    }

    private func wake() {
        // After close the descriptor number may belong to someone else.
        guard !closed.load(ordering: .acquiring) else { return }
        var one: UInt64 = 1
        // EAGAIN means the counter is saturated, so the loop is already due to wake.
        _ = write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    private func drainPending() {
        // Read the counter before taking the queue: work enqueued after the swap finds the queue empty and wakes
        // us again, so nothing is stranded.
        var counter: UInt64 = 0
        _ = read(wakeFD, &counter, MemoryLayout<UInt64>.size)
        let work = pending.withLock { queue in
            let work = queue
            queue.removeAll()
            return work
        }
        for item in work { item() }
    }

    // MARK: Running

    /// Processes events and timers until `stop()` is called. Returns after finishing the turn in which `stop()` was
    /// observed. Throws only if the backend fails (a bug, not bad input).
    public func run() throws(SocketError) {
        owner.store(pthread_self(), ordering: .releasing)
        defer {
            owner.store(0, ordering: .releasing)
            stopRequested.store(false, ordering: .releasing)
        }
        while !stopRequested.load(ordering: .acquiring) {
            try runOnce()
        }
    }

    /// Asks `run()` to return. Safe from any thread; a stop requested before `run()` makes it return at once.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        wake()
    }

    /// Closes the loop's descriptors. Call after `run()` returned and no other thread will call `execute`.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        backend.remove(wakeFD)
        Glibc.close(wakeFD)
        backend.close()
        files.removeAll()
        pending.withLock { $0.removeAll() }
    }

    private func runOnce() throws(SocketError) {
        var timeout: Int32 = -1
        if let deadline = timers.nextDeadline() {
            let now = Self.now()
            // Round up: waking a millisecond early would spin through a zero-timeout poll.
            timeout = deadline <= now ? 0 : Int32(clamping: (deadline - now + 999_999) / 1_000_000)
        }
        try backend.poll(timeoutMilliseconds: timeout, into: &ready)
        if !ready.isEmpty { readyHandlersStartedAt = Self.now() }
        isRunningReadyHandlers = true
        for event in ready {
            let index = Int(event.fd)
            guard index < files.count else { continue }
            if event.ready.contains(.readable), files[index].interest.contains(.readable),
                let handler = files[index].onReadable
            {
                handler()
            }
            // Re-read the slot: the readable handler may have unwatched or closed the descriptor.
            if event.ready.contains(.writable), index < files.count, files[index].interest.contains(.writable),
                let handler = files[index].onWritable
            {
                handler()
            }
        }
        isRunningReadyHandlers = false
        afterReadyHandlers?()
        let now = Self.now()
        while let timer = timers.popDue(now: now) {
            timer.body()
        }
    }

    private func assertOnLoop() {
        assert(
            owner.load(ordering: .acquiring) == 0 || inLoopThread,
            "EventLoop used off its thread; use execute(_:)")
    }

    /// Monotonic clock in nanoseconds.
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

extension Duration {
    /// Whole nanoseconds, negative durations as zero.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
