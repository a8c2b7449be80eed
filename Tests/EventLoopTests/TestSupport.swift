import EventLoop
import Locking

/// Runs `loop` until something stops it, or until `limit` passes; returns true if the limit stopped it.
/// The limit only bounds a broken test, it never synchronises a passing one.
func runBounded(_ loop: EventLoop, limit: Duration = .seconds(5)) throws -> Bool {
    var timedOut = false
    let guardTimer = loop.schedule(after: limit) {
        timedOut = true
        loop.stop()
    }
    try loop.run()
    loop.cancel(guardTimer)
    return timedOut
}

/// A value shared with `@Sendable` closures.
final class Shared<Value: Sendable>: Sendable {
    private let storage: Locked<Value>
    init(_ value: Value) { storage = Locked(value) }
    var value: Value { storage.withLock { $0 } }
    func update<Result>(_ body: (inout Value) -> Result) -> Result { storage.withLock { body(&$0) } }
}
