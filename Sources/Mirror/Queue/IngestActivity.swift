import Synchronization

/// How hard webhook deliveries are arriving, so inbox workers can give way to a burst.
///
/// A delivery is answered only after its commit, while an applied event is merely fresher a
/// little sooner; and on SQLite a worker's batch holds the one writer the deliveries need.
/// So during a burst the workers step aside and the inbox absorbs it; they take one turn
/// between them every `WorkerConfiguration.maximumDeferral`, so applying never stops, and
/// catch up when the burst passes. At ordinary rates nobody waits and nothing changes.
public final class IngestActivity: Sendable {
    /// Arrivals counted in two consecutive windows of `window`, for a rate that forgets fast.
    private struct Arrivals {
        var windowStart: Int64 = 0
        var current = 0
        var previous = 0
        var last: Int64 = Int64.min / 2
    }

    private static let window: Int64 = 100_000_000 // 100 ms in nanoseconds

    private let waiting = Atomic<Int>(0)
    private let arrivals = Mutex(Arrivals())
    /// `ContinuousClock` nanoseconds since `origin` when a worker last took its turn.
    private let lastTurn = Atomic<Int64>(Int64.min / 2)
    private let origin = ContinuousClock.now

    public init() {}

    /// Deliveries are waiting for a commit now.
    public var isBusy: Bool { waiting.load(ordering: .relaxed) > 0 }

    /// Deliveries per second over the last 100 to 200 ms.
    public var arrivalRate: Double {
        let now = elapsed()
        return arrivals.withLock { arrivals in
            Self.roll(&arrivals, to: now)
            let span = Double(now - arrivals.windowStart + Self.window) / 1e9
            return Double(arrivals.previous + arrivals.current) / span
        }
    }

    /// A delivery arrived within `window`.
    public func arrived(within window: Duration) -> Bool {
        let last = arrivals.withLock { $0.last }
        return elapsed() - last < nanoseconds(window)
    }

    /// True for one caller at most every `interval`: that worker applies a batch although
    /// deliveries are waiting (one at a time, so several workers do not crowd the CPU at once).
    func takeTurn(every interval: Duration) -> Bool {
        let current = elapsed()
        let last = lastTurn.load(ordering: .relaxed)
        guard current - last >= nanoseconds(interval) else { return false }
        return lastTurn.compareExchange(expected: last, desired: current, ordering: .relaxed).exchanged
    }

    func began() {
        waiting.add(1, ordering: .relaxed)
        let now = elapsed()
        arrivals.withLock { arrivals in
            Self.roll(&arrivals, to: now)
            arrivals.current += 1
            arrivals.last = now
        }
    }

    func ended(_ count: Int) {
        waiting.subtract(count, ordering: .relaxed)
    }

    private static func roll(_ arrivals: inout Arrivals, to now: Int64) {
        let windows = (now - arrivals.windowStart) / window
        guard windows > 0 else { return }
        arrivals.previous = windows == 1 ? arrivals.current : 0
        arrivals.current = 0
        arrivals.windowStart += windows * window
    }

    private func elapsed() -> Int64 {
        nanoseconds(ContinuousClock.now - origin)
    }

    private func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
