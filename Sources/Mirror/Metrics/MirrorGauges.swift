import Foundation
import Logging
import Store
import Synchronization

/// Gauges read from the database (users, sessions, inbox, dead letters), refreshed at scrape
/// time from the same query as `status`. A refresh runs at most once per `minimumInterval`
/// and concurrent scrapes share it, so a busy scraper cannot load the store; when the store
/// does not answer, the previous values stay.
public final class MirrorGauges: Sendable {
    private struct State {
        var lastRefresh: Date?
        var inFlight: Task<Void, Never>?
    }

    let database: any Database
    let minimumInterval: Duration
    let logger: Logger
    let now: @Sendable () -> Date
    let users: Gauge
    let sessions: Gauge
    let tombstones: Gauge
    let pending: Gauge
    let deadLetters: Gauge
    let oldestPendingAge: Gauge
    private let state = Mutex(State())

    public init(registry: MetricsRegistry, database: any Database, minimumInterval: Duration = .seconds(1),
                logger: Logger = .disabled, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.minimumInterval = minimumInterval
        self.logger = logger
        self.now = now
        registry.gauge("clerk_mirror_build_info", help: "Always 1; the version is in the label.", labels: ["version"])
            .set(1, MirrorVersion.current)
        users = registry.gauge("clerk_mirror_users", help: "Live users in the mirror.")
        sessions = registry.gauge("clerk_mirror_sessions", help: "Sessions in the mirror.")
        tombstones = registry.gauge("clerk_mirror_user_tombstones", help: "Deleted users remembered so they never come back.")
        pending = registry.gauge("clerk_mirror_inbox_pending", help: "Events received and not yet applied (retries included).")
        deadLetters = registry.gauge("clerk_mirror_dead_letters", help: "Events kept as dead letters, waiting for an operator.")
        oldestPendingAge = registry.gauge("clerk_mirror_inbox_oldest_pending_age_seconds",
                                          help: "Seconds since the oldest pending event was received; 0 when none is pending.")
        registry.addRefresher { [self] in await refresh() }
    }

    /// Reads the figures unless a recent read is fresh enough; waits for a read in flight.
    public func refresh() async {
        let time = now()
        let task = state.withLock { state -> Task<Void, Never>? in
            if let running = state.inFlight { return running }
            if let last = state.lastRefresh, time.timeIntervalSince(last) < minimumInterval.inSeconds { return nil }
            let started = Task { await self.load() }
            state.inFlight = started
            return started
        }
        await task?.value
    }

    private func load() async {
        do {
            let status = try await MirrorStatus.read(from: database, now: now(), syncRunLimit: 0)
            users.set(Double(status.users))
            sessions.set(Double(status.sessions))
            tombstones.set(Double(status.tombstones))
            pending.set(Double(status.pending))
            deadLetters.set(Double(status.deadLetters))
            oldestPendingAge.set(status.oldestPendingAgeSeconds ?? 0)
        } catch {
            logger.warning("metrics_refresh_failed", ["error": "\(error)"])
        }
        let finished = now()
        state.withLock { state in
            state.lastRefresh = finished
            state.inFlight = nil
        }
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
