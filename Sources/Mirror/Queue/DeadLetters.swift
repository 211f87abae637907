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
        try await replayed(ids).count
    }

    /// Puts the named dead letters back in the queue with fresh attempts; returns the ids that
    /// were dead letters (the others are left alone), in the order given, without repeats.
    public func replayed(_ ids: [String]) async throws -> [String] {
        let time = milliseconds(now())
        var seen: Set<String> = []
        let unique = ids.filter { seen.insert($0).inserted }
        return try await database.transaction { connection in
            let requeued = try unique.filter { id in
                try connection.execute(Self.requeue + " AND svix_id = $2", [.integer(time), .text(id)]) == 1
            }
            if !requeued.isEmpty { try Self.announce(connection) }
            return requeued
        }
    }

    public func replayAll() async throws -> Int {
        let time = milliseconds(now())
        return try await database.transaction { connection in
            let count = try connection.execute(Self.requeue, [.integer(time)])
            if count > 0 { try Self.announce(connection) }
            return count
        }
    }

    private static let requeue = """
        UPDATE webhook_inbox SET state = 'pending', attempts = 0, next_attempt_at = $1, claimed_until = NULL
        WHERE state = 'dead'
        """

    /// On PostgreSQL, wakes the workers of every process at commit, as new deliveries do; a
    /// SQLite worker finds the rows on its next look (within its idle wait).
    private static func announce(_ connection: any DatabaseConnection) throws {
        if connection.dialect == .postgres {
            try connection.execute("SELECT pg_notify($1, '')", [.text(InboxWriter.channel)])
        }
    }
}
