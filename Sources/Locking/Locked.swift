import Glibc

/// A value that several threads share, guarded by a `pthread_mutex_t`.
///
/// We use this instead of `Synchronization.Mutex` so that ThreadSanitizer can check the code that shares state. On
/// Linux a contended `Mutex` is taken and handed over inside libswiftSynchronization (`_lockSlow`, `_unlockSlow`):
/// a spin on the lock word, then `futex(FUTEX_LOCK_PI)` and `futex(FUTEX_UNLOCK_PI)` through `syscall`. That library is
/// not instrumented and TSan does not model futexes, so it sees no happens-before edge between two holders and
/// reports a race on the guarded value. TSan intercepts `pthread_mutex_lock` and `pthread_mutex_unlock`.
///
/// Like `Mutex`, the lock is not recursive: calling `withLock` again from inside `body` on the same thread stops the
/// process instead of deadlocking (an error-checking mutex).
public final class Locked<Value: Sendable>: @unchecked Sendable {
    // Allocated apart from the object: a pthread mutex must not move once initialised, and Swift does not promise a
    // stable address for a stored property.
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline var value: Value

    public init(_ value: Value) {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ERRORCHECK))
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let result = pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        precondition(result == 0, "pthread_mutex_init failed: \(result)")
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value and returns what it returns; rethrows what it throws, with the
    /// lock released either way. Keep `body` short: every other thread that wants the value waits for it.
    @inlinable
    public func withLock<Result, Failure: Error>(
        _ body: (inout Value) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let locked = pthread_mutex_lock(mutex)
        precondition(
            locked == 0,
            locked == EDEADLK
                ? "Locked.withLock called again by the thread holding the lock" : "pthread_mutex_lock: \(locked)"
        )
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
