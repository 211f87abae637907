import Foundation
import Store

/// Events that could not be applied after their last attempt, or that Clerk signed but were
/// not events at all: listed for operators and re-queued on request.
public struct DeadLetters: Sendable {
    public struct Entry: Sendable, Equatable {
        public var svixID: String
        public var eventType: String?
        public var receivedAt: Int64
        public var attempts: Int
        public var lastError: String?
    }

    let database: any Database
    let now: @Sendable () -> Date

    public init(database: any Database, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.now = now
    }

    public func list(limit: Int = 100) async throws -> [Entry] {
        try await database.read { connection in
            try connection.query("""
                SELECT svix_id, event_type, received_at, attempts, last_error FROM webhook_inbox
                WHERE state = 'dead' ORDER BY received_at, svix_id LIMIT $1
                """, [.integer(Int64(limit))]).map { row in
                Entry(svixID: row["svix_id"].string ?? "", eventType: row["event_type"].string,
                      receivedAt: row["received_at"].int64 ?? 0, attempts: Int(row["attempts"].int64 ?? 0),
                      lastError: row["last_error"].string)
            }
        }
    }

    public func count() async throws -> Int {
        try await database.read { Int(try $0.queryOne("SELECT count(*) FROM webhook_inbox WHERE state = 'dead'")?[0].int64 ?? 0) }
    }

    /// Puts the named dead letters back in the queue with fresh attempts; returns how many.
    public func replay(_ ids: [String]) async throws -> Int {
        let time = milliseconds(now())
        return try await database.transaction { connection in
            try ids.reduce(0) { total, id in
                total + (try connection.execute(Self.requeue + " AND svix_id = $2", [.integer(time), .text(id)]))
            }
        }
    }

    public func replayAll() async throws -> Int {
        let time = milliseconds(now())
        return try await database.transaction { try $0.execute(Self.requeue, [.integer(time)]) }
    }

    private static let requeue = """
        UPDATE webhook_inbox SET state = 'pending', attempts = 0, next_attempt_at = $1, claimed_until = NULL
        WHERE state = 'dead'
        """
}
