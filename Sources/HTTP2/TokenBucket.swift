/// A token bucket over a caller-supplied monotonic clock: `burst` tokens at most, `perSecond` regained.
struct TokenBucket {
    private let burst: Double
    private let perSecond: Double
    private var tokens: Double
    private var lastRefill: UInt64

    init(burst: Int, perSecond: Int, now: UInt64) {
        self.burst = Double(burst)
        self.perSecond = Double(perSecond)
        self.tokens = Double(burst)
        self.lastRefill = now
    }

    /// Spends one token; false when none is left.
    mutating func take(now: UInt64) -> Bool {
        if now > lastRefill {
            tokens = min(burst, tokens + Double(now - lastRefill) / 1e9 * perSecond)
            lastRefill = now
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
