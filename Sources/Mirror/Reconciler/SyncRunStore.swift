import Store

/// Reads and writes `sync_runs`, and the watermark the incremental pass starts from.
public struct SyncRunStore: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    /// Records a new running pass; returns its id.
    func start(kind: SyncRun.Kind, trigger: String, at now: Int64) async throws -> Int64 {
        try await database.transaction { connection in
            // Only the lock holder gets here, so a run still marked running was left by a
            // process that stopped without recording its outcome.
            try connection.execute("""
                UPDATE sync_runs SET state = 'interrupted', finished_at = $1, error = 'the process stopped during the pass'
                WHERE state = 'running'
                """, [.integer(now)])
            guard let id = try connection.queryOne("""
                INSERT INTO sync_runs (kind, trigger, state, started_at) VALUES ($1, $2, 'running', $3) RETURNING id
                """, [.text(kind.rawValue), .text(trigger), .integer(now)])?["id"].int64 else {
                throw DatabaseError(kind: .other, operation: "INSERT INTO sync_runs", message: "no id returned")
            }
            return id
        }
    }

    /// The counters so far, written as the pass goes (operators watch them move).
    static func recordProgress(_ run: Int64, _ progress: SyncProgress, _ connection: any DatabaseConnection) throws {
        try connection.execute("""
            UPDATE sync_runs SET pages = $2, users_seen = $3, created = $4, updated = $5, deleted = $6, upstream_count = $7
            WHERE id = $1
            """, [.integer(run), .integer(progress.pages), .integer(progress.usersSeen), .integer(progress.created),
                  .integer(progress.updated), .integer(progress.deleted), SQLValue(progress.upstreamCount)])
    }

    /// Adds one stored page to the counters, in the transaction that stores it. Increments,
    /// not totals, so pages stored side by side may commit in any order.
    static func addPage(_ run: Int64, _ page: PageResult, _ connection: any DatabaseConnection) throws {
        try connection.execute("""
            UPDATE sync_runs SET pages = pages + 1, users_seen = users_seen + $2, created = created + $3, updated = updated + $4
            WHERE id = $1
            """, [.integer(run), .integer(Int64(page.users)), .integer(Int64(page.created)), .integer(Int64(page.updated))])
    }

    func finish(_ run: Int64, state: SyncRun.State, progress: SyncProgress, error: String?, at now: Int64) async throws {
        try await database.transaction { connection in
            try Self.recordProgress(run, progress, connection)
            try connection.execute("UPDATE sync_runs SET state = $2, finished_at = $3, error = $4 WHERE id = $1",
                                   [.integer(run), .text(state.rawValue), .integer(now), SQLValue(error)])
        }
    }

    public func run(id: Int64) async throws -> SyncRun? {
        try await database.read { connection in
            try connection.queryOne("SELECT * FROM sync_runs WHERE id = $1", [.integer(id)]).flatMap(SyncRun.init(row:))
        }
    }

    /// The newest runs first.
    public func recent(limit: Int = 10) async throws -> [SyncRun] {
        try await database.read { connection in
            try connection.query("SELECT * FROM sync_runs ORDER BY id DESC LIMIT $1", [.integer(Int64(limit))])
                .compactMap(SyncRun.init(row:))
        }
    }

    /// The newest complete pass of `kind`, if any.
    public func lastComplete(_ kind: SyncRun.Kind) async throws -> SyncRun? {
        try await database.read { connection in
            try connection.queryOne("""
                SELECT * FROM sync_runs WHERE kind = $1 AND state = 'complete' ORDER BY started_at DESC, id DESC LIMIT 1
                """, [.text(kind.rawValue)]).flatMap(SyncRun.init(row:))
        }
    }

    // MARK: The watermark

    static let watermarkKey = "reconcile_watermark"

    /// When the last complete full or incremental pass began (Unix ms): users updated since
    /// may have been missed by it.
    func watermark() async throws -> Int64? {
        try await database.read { connection in
            try connection.queryOne("SELECT value FROM mirror_state WHERE key = $1", [.text(Self.watermarkKey)])?["value"]
                .string.flatMap { Int64($0) }
        }
    }

    static func setWatermark(_ value: Int64, _ connection: any DatabaseConnection) throws {
        try connection.execute("""
            INSERT INTO mirror_state (key, value) VALUES ($1, $2)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, [.text(watermarkKey), .text(String(value))])
    }
}
