import Glibc
import Locking

/// A thread that runs its own `EventLoop` until `stopAndJoin()`. Set the loop up from outside with
/// `loop.execute { ... }`.
public final class EventLoopThread: Sendable {
    private final class Context: Sendable {
        let loop: EventLoop
        let failure = Locked<SocketError?>(nil)
        init(loop: EventLoop) { self.loop = loop }
    }

    private let context: Context
    private let thread: pthread_t

    public var loop: EventLoop { context.loop }

    /// Starts the thread, which runs the loop.
    public init() throws(SocketError) {
        let context = Context(loop: try EventLoop())
        let unmanaged = Unmanaged.passRetained(context).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                let context = Unmanaged<Context>.fromOpaque(raw!).takeRetainedValue()
                do throws(SocketError) {
                    try context.loop.run()
                } catch {
                    context.failure.withLock { $0 = error }
                }
                return nil
            }, unmanaged)
        guard result == 0 else {
            Unmanaged<Context>.fromOpaque(unmanaged).release()
            context.loop.close()
            throw SocketError(.thread, code: result)
        }
        self.context = context
        self.thread = thread
    }

    /// Stops the loop, waits for the thread to finish and closes the loop. Call once, from another thread.
    /// Returns the backend failure that ended the loop early, if any.
    @discardableResult
    public func stopAndJoin() -> SocketError? {
        loop.stop()
        pthread_join(thread, nil)
        loop.close()
        return context.failure.withLock { $0 }
    }
}
