import Dispatch

/// Work over the files of a run on every core (`DispatchQueue.concurrentPerform` sizes itself to them), each
/// element handled by one iteration, results in input order so output never depends on scheduling.
enum ConcurrentWork {
    /// `transform` of every element, in order. `concurrency` 1 (or a single element) runs on the calling thread.
    static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], concurrency: Int, _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        guard concurrency > 1, elements.count > 1 else { return elements.map(transform) }
        return [Result](unsafeUninitializedCapacity: elements.count) { buffer, initialized in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: elements.count) { index in
                (slots.base + index).initialize(to: transform(elements[index]))
            }
            initialized = elements.count
        }
    }

    /// Applies `body` to every element in place. `concurrency` 1 (or a single element) runs on the calling thread.
    static func update<Element: Sendable>(
        _ elements: inout [Element], concurrency: Int, _ body: @Sendable (inout Element) -> Void
    ) {
        guard concurrency > 1, elements.count > 1 else {
            for index in elements.indices { body(&elements[index]) }
            return
        }
        elements.withUnsafeMutableBufferPointer { buffer in
            let slots = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: buffer.count) { index in
                body(&(slots.base + index).pointee)
            }
        }
    }

    /// An array's storage, shared by the iterations: each one touches only its own element, and
    /// `concurrentPerform` returns only when all are done.
    private struct Slots<Value>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Value>
    }
}
