/// The request counter, the faults in force and what they need to decide, and the log.
struct Traffic {
    typealias Hook = @Sendable (_ requestNumber: Int, _ path: String) -> Void

    var faults: FakeClerkFaults
    var requestCount = 0
    var log: [FakeClerkRequest] = []
    var hook: Hook?
    /// The rate limit's current window.
    var windowStart: ContinuousClock.Instant?
    var windowCount = 0
    /// Draws for the random faults; seeded, so a run with the same requests repeats.
    var random: SplitMix64

    init(faults: FakeClerkFaults, seed: UInt64) {
        self.faults = faults
        self.random = SplitMix64(seed, 41)
    }

    /// Counts an authenticated request against the limit; false when over it.
    mutating func admit(at now: ContinuousClock.Instant) -> Bool {
        guard let limit = faults.rateLimit else { return true }
        if let start = windowStart, now - start < limit.per {
            guard windowCount < limit.requests else { return false }
            windowCount += 1
        } else {
            windowStart = now
            windowCount = 1
        }
        return true
    }

    /// True with probability `share` (0...1).
    mutating func draw(_ share: Double) -> Bool {
        guard share > 0 else { return false }
        return Double(random.next() >> 11) / Double(UInt64(1) << 53) < share
    }
}
