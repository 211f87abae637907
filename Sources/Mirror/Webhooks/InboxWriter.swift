import Logging
import Store
import Synchronization

/// Writes verified deliveries to `webhook_inbox`, grouping concurrent ones into shared
/// commits.
///
/// Each caller waits until the transaction holding its row has committed (or failed), so an
/// answer of 2xx always follows a durable commit. While one commit is in flight, new arrivals
/// queue up and go together in the next: throughput is not capped by one fsync per event.
public final class InboxWriter: Sendable {
    public enum Outcome: Sendable, Equatable {
        case stored
        case duplicate
    }

    private struct Waiting {
        var delivery: InboundDelivery
        var continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct Queue {
        var waiting: [Waiting] = []
        /// Transactions being filled or committed now.
        var drainers = 0
    }

    private let database: any Database
    private let maximumBatch: Int
    private let queue = Mutex(Queue())
    private let onCommit: @Sendable (_ stored: Int) -> Void
    private let activity: IngestActivity?
    private let lastNotification = Mutex<ContinuousClock.Instant?>(nil)
    /// A commit stored rows without announcing them (within 50 ms of the last NOTIFY).
    private let notificationOwed = Atomic<Bool>(false)

    /// On PostgreSQL a second transaction fills while the first waits for its flush; SQLite
    /// has one writer, so a second would only wait in line.
    private var maximumDrainers: Int { database.dialect == .postgres ? 2 : 1 }

    /// - Parameters:
    ///   - activity: told when deliveries wait for a commit, so workers can give way.
    ///   - onCommit: called after each commit with the number of new rows, to wake the worker.
    public init(database: any Database, maximumBatch: Int = 256, activity: IngestActivity? = nil,
                onCommit: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.database = database
        self.maximumBatch = maximumBatch
        self.activity = activity
        self.onCommit = onCommit
    }

    /// Returns once the delivery is committed; throws the database's error when it is not.
    public func store(_ delivery: InboundDelivery) async throws -> Outcome {
        activity?.began()
        return try await withCheckedThrowingContinuation { continuation in
            let limit = maximumDrainers
            let startDrain = queue.withLock { queue in
                queue.waiting.append(Waiting(delivery: delivery, continuation: continuation))
                if queue.drainers >= limit { return false }
                queue.drainers += 1
                return true
            }
            if startDrain {
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { queue -> [Waiting] in
                let batch = Array(queue.waiting.prefix(maximumBatch))
                queue.waiting.removeFirst(batch.count)
                if batch.isEmpty { queue.drainers -= 1 }
                return batch
            }
            if batch.isEmpty {
                await sendOwedNotification()
                return
            }
            let deliveries = batch.map(\.delivery)
            do {
                let outcomes = try await database.transaction { connection in
                    let outcomes = try Self.insert(deliveries, connection)
                    // Delivered at commit, to workers in every process sharing this database.
                    if connection.dialect == .postgres, outcomes.contains(.stored) {
                        if self.notificationDue() {
                            try connection.execute("SELECT pg_notify($1, '')", [.text(InboxWriter.channel)])
                        } else {
                            self.notificationOwed.store(true, ordering: .relaxed)
                        }
                    }
                    return outcomes
                }
                activity?.ended(batch.count)
                onCommit(outcomes.filter { $0 == .stored }.count)
                for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(returning: outcome) }
            } catch {
                activity?.ended(batch.count)
                // One transaction: nothing of this batch was written, and every sender retries.
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }

    /// At most one NOTIFY per 50 ms: PostgreSQL serializes the commits of notifying
    /// transactions, and this process's own workers are woken in-process anyway. A commit that
    /// skipped it is announced when the queue runs dry, so other processes hear of every row.
    private func notificationDue() -> Bool {
        let now = ContinuousClock.now
        return lastNotification.withLock { last in
            if let previous = last, now - previous < .milliseconds(50) { return false }
            last = now
            return true
        }
    }

    private func sendOwedNotification() async {
        guard notificationOwed.exchange(false, ordering: .relaxed) else { return }
        lastNotification.withLock { $0 = ContinuousClock.now }
        // Best effort: if it fails, other processes' workers still look every idle wait.
        _ = try? await database.write { try $0.execute("SELECT pg_notify($1, '')", [.text(InboxWriter.channel)]) }
    }

    /// The PostgreSQL channel that announces new inbox rows.
    public static let channel = "clerk_mirror_inbox"

    /// Rows per INSERT: 6 parameters each stays well under both databases' limits.
    static let rowsPerStatement = 128

    /// Inserts the batch with a few multi-row statements (one round trip per chunk on
    /// PostgreSQL, not one per delivery). A repeated `svix-id`, already stored or earlier in the
    /// same batch, is a duplicate.
    static func insert(_ deliveries: [InboundDelivery], _ connection: any DatabaseConnection) throws -> [Outcome] {
        var outcomes = [Outcome](repeating: .duplicate, count: deliveries.count)
        var firstIndex: [String: Int] = [:]
        for (index, delivery) in deliveries.enumerated() where firstIndex[delivery.svixID] == nil {
            firstIndex[delivery.svixID] = index
        }
        let distinct = firstIndex.values.sorted()
        var start = 0
        while start < distinct.count {
            let chunk = distinct[start..<min(start + rowsPerStatement, distinct.count)]
            var arguments: [SQLValue] = []
            arguments.reserveCapacity(chunk.count * 6)
            for index in chunk {
                let delivery = deliveries[index]
                arguments += [.text(delivery.svixID), SQLValue(delivery.eventType), .integer(delivery.receivedAt),
                              .blob(delivery.payload), .text(delivery.state.rawValue), SQLValue(delivery.lastError)]
            }
            for row in try connection.query(insertSQL(rows: chunk.count), arguments) {
                if let id = row[0].string, let index = firstIndex[id] { outcomes[index] = .stored }
            }
            start += rowsPerStatement
        }
        return outcomes
    }

    /// `received_at` doubles as the first `next_attempt_at`.
    static func insertSQL(rows: Int) -> String {
        let values = (0..<rows).map { row in
            let p = row * 6
            return "($\(p + 1), $\(p + 2), $\(p + 3), $\(p + 4), $\(p + 5), 0, $\(p + 3), $\(p + 6))"
        }.joined(separator: ", ")
        return """
            INSERT INTO webhook_inbox (svix_id, event_type, received_at, payload, state, attempts, next_attempt_at, last_error)
            VALUES \(values) ON CONFLICT (svix_id) DO NOTHING RETURNING svix_id
            """
    }
}
