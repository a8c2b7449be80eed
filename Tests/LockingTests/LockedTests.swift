import Glibc
import Locking
import Testing

@Suite struct LockedTests {
    private struct Failure: Error, Equatable {
        let code: Int
    }

    @Test func concurrentIncrementsFromSeveralThreadsReachTheExactTotal() {
        let threads = 8
        let increments = 20_000
        let counter = Locked(0)
        let workers = (0..<threads).map { _ in
            startThread {
                for _ in 0..<increments {
                    counter.withLock { $0 += 1 }
                }
            }
        }
        for worker in workers { pthread_join(worker, nil) }
        #expect(counter.withLock { $0 } == threads * increments)
    }

    @Test func withLockReturnsWhatItsBodyReturns() {
        let names = Locked(["a"])
        let count = names.withLock { names in
            names.append("b")
            return names.count
        }
        #expect(count == 2)
        #expect(names.withLock { $0 } == ["a", "b"])
    }

    @Test func withLockRethrowsAndKeepsChangesMadeBeforeTheThrow() {
        let value = Locked(1)
        #expect(throws: Failure(code: 7)) {
            try value.withLock { (value: inout Int) throws(Failure) in
                value = 2
                throw Failure(code: 7)
            }
        }
        // The lock was released on the way out: taking it again does not trap.
        #expect(value.withLock { $0 } == 2)
    }

    @Test func lockingAgainFromInsideTheBodyStopsTheProcess() async {
        // As `Synchronization.Mutex` does: a crash says where, a deadlock would only stall.
        await #expect(processExitsWith: .failure) {
            let value = Locked(0)
            value.withLock { _ in value.withLock { _ in } }
        }
    }

    /// Starts a thread of its own that runs `body`; a pool could run fewer workers at once than asked.
    private func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t {
        final class Box: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, Unmanaged.passRetained(Box(body)).toOpaque())
        precondition(result == 0, "pthread_create: \(result)")
        return thread
    }
}
