/// A monotonic clock for the rate limiter: readings are durations since an arbitrary
/// origin. Injectable so that tests can check the limiter's schedule exactly.
public protocol RateLimiterClock: Sendable {
    /// The current reading; never goes backwards.
    var now: Duration { get }
    /// Returns once `now >= deadline` (or at once if it already is); throws
    /// `CancellationError` when the task is cancelled.
    func sleep(until deadline: Duration) async throws
}

/// `ContinuousClock` as a `RateLimiterClock`, readings counted from its creation.
public struct ContinuousRateLimiterClock: RateLimiterClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Duration { origin.duration(to: .now) }

    public func sleep(until deadline: Duration) async throws {
        try await Task.sleep(until: origin.advanced(by: deadline), clock: .continuous)
    }
}

/// The process's one gate in front of the Clerk Backend API: evenly spaced start slots.
///
/// Consecutive grants are at least `1 / requestsPerSecond` apart on the limiter's clock
/// (rounded up to the nanosecond), measured at the moment each caller is let through, so in
/// any window of one second at most `ceil(requestsPerSecond)` requests start; there is no
/// burst. A fractional rate such as 2.5/s gives a grant every 400 ms.
///
/// `pause(for:)` (on a 429's `Retry-After`) holds every caller, queued or arriving later,
/// until the pause ends. Callers are let through roughly in arrival order; a caller
/// cancelled while waiting leaves its slot unused.
public actor RateLimiter {
    public nonisolated let requestsPerSecond: Double
    /// The spacing between grants.
    public nonisolated let interval: Duration
    private let clock: any RateLimiterClock

    /// The earliest reading the next *reservation* may take.
    private var nextSlot: Duration = .zero
    /// The actual reading of the last grant; the next grant is at least `interval` later.
    private var lastGrant: Duration?
    private var pausedUntil: Duration = .zero
    private var waited: Duration = .zero
    private var grants = 0

    /// - Parameter requestsPerSecond: above 0 and finite (`CLERK_API_RATE`, default 20).
    public init(requestsPerSecond: Double, clock: any RateLimiterClock = ContinuousRateLimiterClock()) {
        precondition(requestsPerSecond.isFinite && requestsPerSecond > 0,
                     "RateLimiter needs a positive, finite rate")
        self.requestsPerSecond = requestsPerSecond
        let nanoseconds = (1e9 / requestsPerSecond).rounded(.up)
        self.interval = .nanoseconds(Int64(min(nanoseconds, 1e15)))
        self.clock = clock
    }

    /// Cumulative time callers have spent waiting in `acquire`, in seconds.
    public var waitedSeconds: Double { waited.seconds }

    /// How many requests have been let through.
    public var grantedCount: Int { grants }

    /// How many callers are waiting in `acquire` now.
    public private(set) var waitingCount = 0

    /// The reading until which callers are held by `pause`, if that is in the future.
    public var pausedUntilReading: Duration? {
        pausedUntil > clock.now ? pausedUntil : nil
    }

    /// Waits for this caller's slot. Returns the clock reading at which it was let through.
    ///
    /// - Parameter maxWait: if the expected wait (queue and pause) is longer, throws
    ///   `ClerkAPIError.rateLimitWaitExceeded` at once, taking no slot.
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    @discardableResult
    public func acquire(maxWait: Duration? = nil) async throws -> Duration {
        let start = clock.now
        let slot = max(start, nextSlot, pausedUntil, lastGrant.map { $0 + interval } ?? .zero)
        if let maxWait, slot - start > maxWait {
            throw ClerkAPIError.rateLimitWaitExceeded(wait: slot - start)
        }
        var target = slot
        nextSlot = slot + interval
        waitingCount += 1
        defer { waitingCount -= 1 }
        while true {
            do {
                try await clock.sleep(until: target)
            } catch {
                waited += clock.now - start
                throw error
            }
            // Others ran while this caller slept: a pause may have begun, or a neighbour
            // woken late may have taken the time just before.
            let now = clock.now
            let earliest = max(pausedUntil, lastGrant.map { $0 + interval } ?? now)
            if now >= earliest {
                lastGrant = now
                grants += 1
                waited += now - start
                return now
            }
            if pausedUntil > now {
                // Queue again behind the pause, keeping the spacing.
                target = max(pausedUntil, nextSlot)
                nextSlot = target + interval
            } else {
                target = earliest
            }
        }
    }

    /// Holds every caller until `duration` from now (extending, never shortening, a pause
    /// already in force). For a 429's `Retry-After`.
    public func pause(for duration: Duration) {
        let until = clock.now + duration
        if until > pausedUntil { pausedUntil = until }
    }
}
