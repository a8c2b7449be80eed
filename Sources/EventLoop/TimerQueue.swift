/// Identifies a timer so it can be cancelled.
public struct TimerID: Hashable, Sendable {
    let value: UInt64
}

/// Pending timers as a binary min-heap on (deadline, id); the id keeps timers with equal deadlines in
/// scheduling order. Cancellation is lazy: the entry stays in the heap and is skipped when it surfaces, which
/// keeps `cancel` O(1) (Redis marks deleted timers the same way, `AE_DELETED_EVENT_ID`).
struct TimerQueue {
    struct Entry {
        var deadline: UInt64  // monotonic nanoseconds
        var id: TimerID
        var interval: UInt64?  // nanoseconds, for repeating timers
        var body: () -> Void

        func precedes(_ other: Entry) -> Bool {
            deadline != other.deadline ? deadline < other.deadline : id.value < other.id.value
        }
    }

    private var heap: [Entry] = []
    private var live: Set<TimerID> = []
    private var nextID: UInt64 = 0

    var isEmpty: Bool { live.isEmpty }

    mutating func schedule(at deadline: UInt64, interval: UInt64?, _ body: @escaping () -> Void) -> TimerID {
        nextID += 1
        let id = TimerID(value: nextID)
        live.insert(id)
        push(Entry(deadline: deadline, id: id, interval: interval, body: body))
        return id
    }

    /// Returns whether the timer was still pending.
    @discardableResult
    mutating func cancel(_ id: TimerID) -> Bool {
        live.remove(id) != nil
    }

    /// The earliest deadline of a live timer.
    mutating func nextDeadline() -> UInt64? {
        dropCancelled()
        return heap.first?.deadline
    }

    /// Removes and returns the earliest timer due at `now`. Repeating timers are re-armed before they are returned,
    /// so the body may cancel its own id.
    mutating func popDue(now: UInt64) -> Entry? {
        dropCancelled()
        guard let first = heap.first, first.deadline <= now else { return nil }
        popFirst()
        if let interval = first.interval {
            var next = first
            // Re-arm from now, not from the old deadline, so a stalled loop does not fire a burst to catch up.
            next.deadline = now + max(interval, 1)
            push(next)
        } else {
            live.remove(first.id)
        }
        return first
    }

    private mutating func dropCancelled() {
        while let first = heap.first, !live.contains(first.id) { popFirst() }
    }

    private mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popFirst() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count, heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
