import Dispatch
import EventLoop
import Glibc
import Testing

@Suite struct TimerTests {
    @Test func oneShotTimersFireInDeadlineOrderThenSchedulingOrder() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var fired: [String] = []
        loop.schedule(after: .milliseconds(30)) {
            fired.append("30ms")
            loop.stop()
        }
        loop.schedule(after: .milliseconds(10)) { fired.append("10ms") }
        loop.schedule(after: .milliseconds(20)) { fired.append("20ms a") }
        loop.schedule(after: .milliseconds(20)) { fired.append("20ms b") }
        loop.schedule(after: .zero) { fired.append("now") }
        #expect(try !runBounded(loop))
        #expect(fired == ["now", "10ms", "20ms a", "20ms b", "30ms"])
    }

    @Test func cancelledTimerNeverFires() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var fired: [String] = []
        let cancelled = loop.schedule(after: .milliseconds(5)) { fired.append("cancelled") }
        loop.schedule(after: .milliseconds(10)) {
            fired.append("kept")
            loop.stop()
        }
        #expect(loop.cancel(cancelled))
        #expect(!loop.cancel(cancelled))
        #expect(try !runBounded(loop))
        #expect(fired == ["kept"])
    }

    @Test func repeatingTimerFiresUntilItCancelsItself() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var count = 0
        var id: TimerID?
        id = loop.scheduleRepeating(every: .milliseconds(2)) {
            count += 1
            if count == 5 {
                loop.cancel(id!)
                loop.schedule(after: .milliseconds(10)) { loop.stop() }
            }
        }
        #expect(try !runBounded(loop))
        #expect(count == 5)
    }

    @Test func timerCanScheduleAnotherTimer() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var fired: [Int] = []
        loop.schedule(after: .milliseconds(1)) {
            fired.append(1)
            loop.schedule(after: .milliseconds(1)) {
                fired.append(2)
                loop.stop()
            }
        }
        #expect(try !runBounded(loop))
        #expect(fired == [1, 2])
    }
}

@Suite struct LoopControlTests {
    @Test func stopBeforeRunReturnsAtOnce() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        loop.stop()
        try loop.run()
        // The stop was consumed: the loop runs again until told otherwise.
        var ran = false
        loop.schedule(after: .zero) {
            ran = true
            loop.stop()
        }
        #expect(try !runBounded(loop))
        #expect(ran)
    }

    @Test func executeFromAnotherThreadWakesABlockedLoop() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let other = try EventLoopThread()
        defer { other.stopAndJoin() }
        let ranOnLoop = Shared(false)
        // No timers besides the guard: the loop sleeps in epoll_wait until the eventfd wakes it.
        other.loop.execute {
            loop.execute {
                ranOnLoop.update { $0 = loop.inLoopThread }
                loop.stop()
            }
        }
        #expect(try !runBounded(loop))
        #expect(ranOnLoop.value)
    }

    @Test func executeFromManyThreadsRunsEveryItemInOrderPerThread() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        let threads = 4
        let perThread = 2_000
        let seen = Shared([[Int]](repeating: [], count: threads))
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for item in 0..<perThread {
                    loop.execute {
                        let total = seen.update { seen in
                            seen[thread].append(item)
                            return seen.reduce(0) { $0 + $1.count }
                        }
                        if total == threads * perThread { loop.stop() }
                    }
                }
            }
        }
        #expect(try !runBounded(loop))
        #expect(seen.value == [[Int]](repeating: Array(0..<perThread), count: threads))
    }

    @Test func stopFromAnotherThread() throws {
        let worker = try EventLoopThread()
        let started = Shared(false)
        let done = DispatchSemaphore(value: 0)
        worker.loop.execute {
            started.update { $0 = true }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(worker.stopAndJoin() == nil)
        #expect(started.value)
    }
}

@Suite struct ReadyBatchTests {
    /// Two descriptors ready in one poll: both handlers run, flagged as a batch, then `afterReadyHandlers` once,
    /// then due timers (not flagged), which is where `HTTPServer` sends the answers it gathered.
    @Test func afterReadyHandlersRunsOnceAfterTheBatchAndBeforeTimers() throws {
        let loop = try EventLoop()
        defer { loop.close() }
        var pipes: [[Int32]] = []
        for _ in 0..<2 {
            var fds: [Int32] = [-1, -1]
            #expect(pipe(&fds) == 0)
            var byte: UInt8 = 1
            #expect(write(fds[1], &byte, 1) == 1)
            pipes.append(fds)
        }
        defer {
            for fds in pipes {
                close(fds[0])
                close(fds[1])
            }
        }
        var seen: [String] = []
        for (index, fds) in pipes.enumerated() {
            try loop.watch(fds[0], for: .readable) {
                let started = loop.readyHandlersStartedAt
                #expect(started > 0 && started <= EventLoop.now())
                seen.append("read \(index) in batch: \(loop.isRunningReadyHandlers)")
                loop.unwatch(fds[0], for: .readable)
            }
        }
        loop.afterReadyHandlers = { seen.append("after, in batch: \(loop.isRunningReadyHandlers)") }
        loop.schedule(after: .zero) {
            seen.append("timer, in batch: \(loop.isRunningReadyHandlers)")
            loop.stop()
        }
        #expect(try !runBounded(loop))
        #expect(
            seen == [
                "read 0 in batch: true", "read 1 in batch: true", "after, in batch: false",
                "timer, in batch: false",
            ])
    }
}

@Suite struct EpollBackendTests {
    @Test func reportsReadableAndWritableForAPipe() throws {
        let backend = try EpollBackend()
        defer { backend.close() }
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        try backend.add(fds[0], interest: .readable)
        try backend.add(fds[1], interest: .writable)
        var events: [ReadyEvent] = []
        try backend.poll(timeoutMilliseconds: 0, into: &events)
        #expect(events == [ReadyEvent(fd: fds[1], ready: .writable)])
        var byte: UInt8 = 1
        #expect(write(fds[1], &byte, 1) == 1)
        backend.remove(fds[1])
        try backend.poll(timeoutMilliseconds: 1000, into: &events)
        #expect(events == [ReadyEvent(fd: fds[0], ready: .readable)])
        try backend.modify(fds[0], interest: [])
        try backend.poll(timeoutMilliseconds: 0, into: &events)
        #expect(events.isEmpty)
    }
}
