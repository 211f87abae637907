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
        var draining = false
    }

    private let database: any Database
    private let maximumBatch: Int
    private let queue = Mutex(Queue())
    private let onCommit: @Sendable (_ stored: Int) -> Void

    /// - Parameter onCommit: called after each commit with the number of new rows, to wake
    ///   the worker.
    public init(database: any Database, maximumBatch: Int = 256, onCommit: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.database = database
        self.maximumBatch = maximumBatch
        self.onCommit = onCommit
    }

    /// Returns once the delivery is committed; throws the database's error when it is not.
    public func store(_ delivery: InboundDelivery) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let startDrain = queue.withLock { queue in
                queue.waiting.append(Waiting(delivery: delivery, continuation: continuation))
                if queue.draining { return false }
                queue.draining = true
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
                if batch.isEmpty { queue.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            let deliveries = batch.map(\.delivery)
            do {
                let outcomes = try await database.transaction { connection in
                    let outcomes = try deliveries.map { try Self.insert($0, connection) }
                    // Delivered at commit, to workers in every process sharing this database.
                    if connection.dialect == .postgres, outcomes.contains(.stored) {
                        try connection.execute("SELECT pg_notify($1, '')", [.text(InboxWriter.channel)])
                    }
                    return outcomes
                }
                onCommit(outcomes.filter { $0 == .stored }.count)
                for (waiting, outcome) in zip(batch, outcomes) { waiting.continuation.resume(returning: outcome) }
            } catch {
                // One transaction: nothing of this batch was written, and every sender retries.
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }

    /// The PostgreSQL channel that announces new inbox rows.
    public static let channel = "clerk_mirror_inbox"

    static let insertSQL = """
        INSERT INTO webhook_inbox (svix_id, event_type, received_at, payload, state, attempts, next_attempt_at, last_error)
        VALUES ($1, $2, $3, $4, $5, 0, $3, $6)
        ON CONFLICT (svix_id) DO NOTHING
        """

    private static func insert(_ delivery: InboundDelivery, _ connection: any DatabaseConnection) throws -> Outcome {
        let changed = try connection.execute(insertSQL, [
            .text(delivery.svixID), SQLValue(delivery.eventType), .integer(delivery.receivedAt),
            .blob(delivery.payload), .text(delivery.state.rawValue), SQLValue(delivery.lastError),
        ])
        return changed == 1 ? .stored : .duplicate
    }
}
