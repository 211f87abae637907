import Foundation
import Store

/// What an operator asks first: how much is mirrored, how the inbox stands, how the last
/// reconcile passes went. Read by `clerk-mirror status`, `GET /admin/status` and the gauges
/// of `/metrics`, so the three always agree.
public struct MirrorStatus: Sendable, Equatable {
    /// The inbox states of DESIGN.md, in the order they are shown.
    public static let inboxStates = ["pending", "done", "ignored", "dead"]

    /// When this was read, Unix milliseconds.
    public var readAt: Int64
    /// The highest applied migration, 0 on an empty database.
    public var schemaVersion: Int
    public var users: Int
    public var sessions: Int
    public var tombstones: Int
    /// Users waiting for a targeted refresh from the Backend API (ties of the version guard).
    public var refreshRequests: Int
    /// Rows of `webhook_inbox` by state; every state of `inboxStates` is present.
    public var inbox: [String: Int]
    /// `received_at` of the oldest pending event, Unix milliseconds; nil when none is pending.
    public var oldestPendingReceivedAt: Int64?
    /// The latest reconcile passes, newest first.
    public var syncRuns: [SyncRunSummary]

    public var deadLetters: Int { inbox["dead"] ?? 0 }
    public var pending: Int { inbox["pending"] ?? 0 }

    /// Seconds since the oldest pending event was received; nil when none is pending.
    public var oldestPendingAgeSeconds: Double? {
        oldestPendingReceivedAt.map { Double(max(0, readAt - $0)) / 1000 }
    }

    public init(readAt: Int64, schemaVersion: Int, users: Int, sessions: Int, tombstones: Int, refreshRequests: Int,
                inbox: [String: Int], oldestPendingReceivedAt: Int64?, syncRuns: [SyncRunSummary]) {
        self.readAt = readAt
        self.schemaVersion = schemaVersion
        self.users = users
        self.sessions = sessions
        self.tombstones = tombstones
        self.refreshRequests = refreshRequests
        self.inbox = inbox
        self.oldestPendingReceivedAt = oldestPendingReceivedAt
        self.syncRuns = syncRuns
    }

    /// Reads the figures in one statement, so they are one consistent snapshot on both
    /// dialects, then the latest `syncRunLimit` sync runs (none when 0).
    public static func read(from database: any Database, now: Date = Date(), syncRunLimit: Int = 5) async throws -> MirrorStatus {
        let readAt = milliseconds(now)
        return try await database.read { connection in
            let counts = try connection.queryOne(countsSQL, [])
            func count(_ name: String) -> Int { Int(counts?[name].int64 ?? 0) }
            var inbox: [String: Int] = [:]
            for state in inboxStates { inbox[state] = count("inbox_\(state)") }
            let runs = syncRunLimit > 0
                ? try connection.query(syncRunsSQL, [.integer(Int64(syncRunLimit))]).map(SyncRunSummary.init(row:))
                : []
            return MirrorStatus(readAt: readAt, schemaVersion: count("schema_version"), users: count("users"),
                                sessions: count("sessions"), tombstones: count("tombstones"),
                                refreshRequests: count("refresh_requests"), inbox: inbox,
                                oldestPendingReceivedAt: counts?["oldest_pending"].int64, syncRuns: runs)
        }
    }

    // The per-state counts use the inbox's (state, next_attempt_at) index.
    private static let countsSQL = """
        SELECT
            (SELECT max(version) FROM schema_migrations) AS schema_version,
            (SELECT count(*) FROM users) AS users,
            (SELECT count(*) FROM sessions) AS sessions,
            (SELECT count(*) FROM user_tombstones) AS tombstones,
            (SELECT count(*) FROM user_refresh_requests) AS refresh_requests,
            (SELECT count(*) FROM webhook_inbox WHERE state = 'pending') AS inbox_pending,
            (SELECT count(*) FROM webhook_inbox WHERE state = 'done') AS inbox_done,
            (SELECT count(*) FROM webhook_inbox WHERE state = 'ignored') AS inbox_ignored,
            (SELECT count(*) FROM webhook_inbox WHERE state = 'dead') AS inbox_dead,
            (SELECT min(received_at) FROM webhook_inbox WHERE state = 'pending') AS oldest_pending
        """

    private static let syncRunsSQL = """
        SELECT id, kind, trigger, state, started_at, finished_at, pages, users_seen, created, updated, deleted, error
        FROM sync_runs ORDER BY id DESC LIMIT $1
        """
}
