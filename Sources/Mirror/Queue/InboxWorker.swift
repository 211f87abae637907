import Foundation
import Logging
import Store
import Synchronization

/// Claims pending inbox rows in batches and applies each batch in one transaction that also
/// marks its rows done, so an event is applied exactly when it is marked.
///
/// A batch that fails is split in halves until the failing event stands alone; that event is
/// retried with backoff and, after the last attempt, kept as a dead letter with its reason.
/// On PostgreSQL, claims take rows with `FOR UPDATE SKIP LOCKED` and hold them for a lease, so
/// several processes share the work and a crashed worker's rows are taken over.
public final class InboxWorker: Sendable {
    let database: any Database
    let configuration: WorkerConfiguration
    let logger: Logger
    let metrics: WorkerMetrics?
    let now: @Sendable () -> Date
    let ingest: IngestActivity?
    private let wake = WakeSignal()
    private let stopRequested = Atomic<Bool>(false)
    private let lastPrune = Mutex<Date?>(nil)

    /// - Parameter ingest: the webhook receiver's activity; the worker gives way to it.
    public init(database: any Database, configuration: WorkerConfiguration = WorkerConfiguration(), logger: Logger,
                metrics: WorkerMetrics? = nil, ingest: IngestActivity? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.ingest = ingest
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        self.now = now
    }

    /// New rows were committed: look at the inbox now.
    public func wakeUp() {
        wake.signal()
    }

    /// Works until `stop()`: the batch in hand is finished before it returns.
    public func run() async {
        if database.dialect == .sqlite {
            // One process owns a SQLite file, so any claim left in it is from a process that died.
            _ = try? await database.write { try $0.execute("UPDATE webhook_inbox SET claimed_until = NULL WHERE claimed_until IS NOT NULL", []) }
        }
        var failures = 0
        // The next batch is claimed and parsed while the writer applies this one, so the
        // writer, the serial part of the drain, does little but write.
        var ahead: Task<ClaimedBatch, any Error>?
        while !stopRequested.load(ordering: .relaxed) {
            do {
                try await pruneIfDue()
                await giveWayToIngest()
                let batch: ClaimedBatch
                if let next = ahead {
                    ahead = nil
                    batch = try await next.value
                } else {
                    batch = try await claim(excluding: [])
                }
                if batch.isEmpty {
                    failures = 0
                    await wake.wait(timeout: try await timeUntilNextDue())
                    continue
                }
                let inHand = batch.svixIDs
                ahead = Task { try await self.claim(excluding: inHand) }
                try await apply(batch)
                failures = 0
            } catch {
                // The store itself failed (connection lost, disk full): nothing was marked; the
                // claims lapse and the rows are tried again once it answers.
                if let next = ahead {
                    ahead = nil
                    await release(try? await next.value)
                }
                failures += 1
                logger.warning("worker_store_error", ["error": "\(error)", "consecutive": String(failures)])
                await wake.wait(timeout: .milliseconds(min(5000, 100 * (1 << min(failures, 6)))))
            }
        }
        if let next = ahead { await release(try? await next.value) }
    }

    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        wake.signal()
    }

    /// During a burst (deliveries waiting, arriving faster than `burstRate`), waits until this
    /// worker gets the burst's turn.
    private func giveWayToIngest() async {
        guard let ingest else { return }
        while ingest.isBusy, ingest.arrivalRate >= configuration.burstRate, !stopRequested.load(ordering: .relaxed) {
            if ingest.takeTurn(every: configuration.maximumDeferral) { return }
            try? await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Small batches while webhooks are arriving, full ones otherwise.
    private var batchLimit: Int {
        guard let ingest, ingest.arrived(within: .milliseconds(100)) else { return configuration.batchSize }
        return min(configuration.batchSize, configuration.busyBatchSize)
    }

    /// Claims and applies one batch of due events; returns how many rows it handled.
    @discardableResult
    public func drainOnce() async throws -> Int {
        let batch = try await claim(excluding: [])
        if batch.isEmpty { return 0 }
        try await apply(batch)
        return batch.events.count
    }

    /// Applies a claimed batch; if the store fails under it, hands its rows back.
    private func apply(_ batch: ClaimedBatch) async throws {
        do {
            try await apply(batch.events, prepared: batch.prepared)
        } catch {
            await release(batch)
            throw error
        }
    }

    /// Hands claimed rows back now rather than when the lease lapses (best effort: if the
    /// store is gone, the lease does it).
    private func release(_ batch: ClaimedBatch?) async {
        guard let ids = batch?.svixIDs, !ids.isEmpty else { return }
        _ = try? await database.transaction { connection in
            try connection.execute("""
                UPDATE webhook_inbox SET claimed_until = NULL
                WHERE svix_id IN (\(UserBatchWriter.placeholders(ids.count))) AND state = 'pending'
                """, ids.map { .text($0) })
        }
    }

    /// Claims due rows and parses them. On SQLite a claim is a read (one process owns the
    /// file), so rows still being applied are named in `excluding`; on PostgreSQL their lease
    /// keeps them out.
    func claim(excluding inHand: [String]) async throws -> ClaimedBatch {
        let time = milliseconds(now())
        let limit = Int64(batchLimit)
        let leaseEnd = time + configuration.lease.milliseconds
        let rows: [Row]
        switch database.dialect {
        case .sqlite:
            let skip = inHand.isEmpty ? "" : "AND svix_id NOT IN (\(UserBatchWriter.placeholders(inHand.count, from: 3)))"
            rows = try await database.read { connection in
                try connection.query("""
                    SELECT svix_id, event_type, payload, attempts, received_at FROM webhook_inbox
                    WHERE state = 'pending' AND next_attempt_at <= $1 \(skip)
                    ORDER BY next_attempt_at, received_at LIMIT $2
                    """, [.integer(time), .integer(limit)] + inHand.map { .text($0) })
            }
        case .postgres:
            // A claim lost to a crash of the server only leaves its rows unclaimed.
            rows = try await database.transaction(.deferred) { connection in
                try connection.query("""
                    UPDATE webhook_inbox SET claimed_until = $3
                    WHERE svix_id IN (
                        SELECT svix_id FROM webhook_inbox
                        WHERE state = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < $1)
                        ORDER BY next_attempt_at, received_at LIMIT $2
                        FOR UPDATE SKIP LOCKED)
                    RETURNING svix_id, event_type, payload, attempts, received_at
                    """, [.integer(time), .integer(limit), .integer(leaseEnd)])
            }
        }
        return ClaimedBatch(rows.map { row in
            InboxEvent(svixID: row["svix_id"].string ?? "", eventType: row["event_type"].string,
                       receivedAt: row["received_at"].int64 ?? time,
                       payload: row["payload"].bytes ?? [], attempts: Int(row["attempts"].int64 ?? 0))
        })
    }

    /// Applies `events` in one transaction; on an event's failure, splits and tries again.
    /// - Parameter prepared: `events` parsed ahead; the halves of a split are parsed anew.
    private func apply(_ events: [InboxEvent], prepared: EventApplier.PreparedBatch? = nil) async throws {
        let time = milliseconds(now())
        do {
            // Deferred: the events are marked in the transaction that applies them, so a crash
            // that loses the commit loses the marks too, and the events apply again.
            let outcomes = try await LostRaces.retrying { try await self.database.transaction(.deferred) { connection in
                let batch = prepared ?? EventApplier.prepare(events.map { EventApplier.Event(type: $0.eventType, payload: $0.payload) })
                let outcomes = try EventApplier.apply(batch, now: time, connection)
                // One statement per final state marks the whole batch.
                for state in ["done", "ignored"] {
                    let ids = zip(events, outcomes).filter { ($1 == .ignored ? "ignored" : "done") == state }.map { $0.0.svixID }
                    guard !ids.isEmpty else { continue }
                    try connection.execute("""
                        UPDATE webhook_inbox SET state = $1, attempts = attempts + 1, applied_at = $2, claimed_until = NULL, last_error = NULL
                        WHERE svix_id IN (\(UserBatchWriter.placeholders(ids.count, from: 3)))
                        """, [.text(state), .integer(time)] + ids.map { .text($0) })
                }
                return outcomes
            } }
            if let metrics {
                // Lag is measured once the batch is committed: receipt to applied.
                let appliedAt = milliseconds(now())
                for (event, outcome) in zip(events, outcomes) {
                    metrics.applied.increment(event.eventType ?? "unknown", Self.label(outcome))
                    metrics.lag.observe(Double(max(0, appliedAt - event.receivedAt)) / 1000)
                }
            }
        } catch let error as DatabaseError where error.isTransient {
            throw error
        } catch {
            guard events.count > 1 else {
                try await recordFailure(events[0], error)
                return
            }
            let middle = events.count / 2
            try await apply(Array(events[..<middle]))
            try await apply(Array(events[middle...]))
        }
    }

    private func recordFailure(_ event: InboxEvent, _ error: any Error) async throws {
        let attempts = event.attempts + 1
        let dead = attempts >= configuration.maxAttempts
        let retryAt = milliseconds(now()) + configuration.backoff(afterAttempt: attempts).milliseconds
        let reason = "\(error)"
        try await database.transaction { connection in
            try connection.execute("""
                UPDATE webhook_inbox SET attempts = $2, state = $3, next_attempt_at = $4, last_error = $5, claimed_until = NULL
                WHERE svix_id = $1
                """, [.text(event.svixID), .integer(Int64(attempts)), .text(dead ? "dead" : "pending"), .integer(retryAt), .text(reason)])
        }
        metrics?.failures.increment(dead ? "dead" : "retry")
        if dead {
            logger.error("event_dead_lettered", ["svix_id": event.svixID, "type": event.eventType ?? "", "attempts": String(attempts), "error": reason])
        } else {
            logger.warning("event_failed", ["svix_id": event.svixID, "type": event.eventType ?? "", "attempts": String(attempts), "error": reason])
        }
    }

    /// How long until the earliest pending row falls due (or a claim lapses), capped at the idle wait.
    private func timeUntilNextDue() async throws -> Duration {
        let time = milliseconds(now())
        let next = try await database.read { connection in
            try connection.queryOne("""
                SELECT min(CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END)
                FROM webhook_inbox WHERE state = 'pending'
                """, [])?[0].int64
        }
        let idle = configuration.idleWait
        guard let next else { return idle }
        let wait = Duration.milliseconds(max(10, next - time))
        return min(wait, idle)
    }

    private func pruneIfDue() async throws {
        let current = now()
        let due = lastPrune.withLock { last -> Bool in
            if let last, current.timeIntervalSince(last) < Double(configuration.pruneEvery.components.seconds) { return false }
            last = current
            return true
        }
        guard due else { return }
        let removed = try await InboxRetention(database: database).prune(olderThan: configuration.retention, now: current)
        if removed > 0 { logger.info("inbox_pruned", ["rows": String(removed)]) }
    }

    static func label(_ outcome: EventApplier.Outcome) -> String {
        switch outcome {
        case .user(let result): result.rawValue
        case .deleted(let removed): removed ? "deleted" : "already_deleted"
        case .session(let result, _): result.rawValue
        case .ignored: "ignored"
        }
    }
}

func milliseconds(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
}
