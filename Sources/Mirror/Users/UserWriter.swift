import Store

/// Writes users through the version guard (DESIGN.md, rules 3 and 4), for webhooks and the
/// reconciler alike.
public enum UserWriter {
    public enum Outcome: String, Sendable {
        case created
        case updated
        /// The stored row is as new or newer: nothing written.
        case unchanged
        /// Equal `updated_at`, different content: the stored row is kept and a refresh from the
        /// Backend API is requested.
        case tie
        /// The id was deleted; Clerk never reuses ids, so it stays deleted.
        case tombstoned
    }

    /// - Parameter authoritative: the data was just read from the Backend API, the source of
    ///   truth: on a tie it replaces the stored row (repairing local damage) instead of asking
    ///   for a refresh. Older data never wins, whatever the source.
    public static func upsert(_ user: UserRecord, source: String, now: Int64, authoritative: Bool = false,
                              _ connection: any DatabaseConnection) throws -> Outcome {
        try UserLocks.lock([user.id], connection)
        let state = try connection.queryOne(
            """
            SELECT (SELECT 1 FROM user_tombstones WHERE id = $1) AS tombstone, (SELECT updated_at FROM users WHERE id = $1) AS updated_at,
                   (SELECT 1 FROM user_refresh_requests WHERE user_id = $1) AS refresh
            """,
            [.text(user.id)])
        if state?["tombstone"].isNull == false { return .tombstoned }
        let stored = state?["updated_at"].int64
        let refreshRequested = state?["refresh"].isNull == false
        if let stored, stored >= user.updatedAt {
            guard stored == user.updatedAt, try differs(user, connection) else { return .unchanged }
            if authoritative {
                return try write(user, guardSQL: equalOrNewerGuard, clearingRefresh: refreshRequested, connection) ? .updated : .unchanged
            }
            try connection.execute("""
                INSERT INTO user_refresh_requests (user_id, requested_at, reason) VALUES ($1, $2, $3)
                ON CONFLICT (user_id) DO UPDATE SET requested_at = excluded.requested_at, reason = excluded.reason
                """, [.text(user.id), .integer(now), .text("tie from \(source)")])
            return .tie
        }
        // Another writer may have stored something newer between the read and this write.
        guard try write(user, guardSQL: newerGuard, clearingRefresh: refreshRequested, connection) else { return .unchanged }
        return stored == nil ? .created : .updated
    }

    /// Writes the row and its email, phone and search rows; false when the guard kept the stored row.
    private static func write(_ user: UserRecord, guardSQL: String, clearingRefresh: Bool,
                              _ connection: any DatabaseConnection) throws -> Bool {
        guard try !UserBatchWriter.writeRows([user], guardSQL: guardSQL, connection).isEmpty else { return false }
        // Newer data answers a pending refresh request (a tie) for this user.
        if clearingRefresh { try connection.execute("DELETE FROM user_refresh_requests WHERE user_id = $1", [.text(user.id)]) }
        return true
    }

    /// Removes the user, its email rows and sessions, and records the tombstone. Returns whether
    /// a live row was removed.
    @discardableResult
    public static func delete(id: String, deletedAt: Int64, source: String,
                              _ connection: any DatabaseConnection) throws -> Bool {
        try UserLocks.lock([id], connection)
        try connection.execute("DELETE FROM user_email_addresses WHERE user_id = $1", [.text(id)])
        let removed = try connection.execute("DELETE FROM users WHERE id = $1", [.text(id)])
        try connection.execute("DELETE FROM sessions WHERE user_id = $1", [.text(id)])
        try connection.execute("DELETE FROM user_refresh_requests WHERE user_id = $1", [.text(id)])
        try connection.execute("""
            INSERT INTO user_tombstones (id, deleted_at, source) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING
            """, [.text(id), .integer(deletedAt), .text(source)])
        return removed > 0
    }

    /// Whether the stored object says something other than `user` does, compared as JSON
    /// values (key order and spacing aside).
    private static func differs(_ user: UserRecord, _ connection: any DatabaseConnection) throws -> Bool {
        guard let stored = try connection.queryOne("SELECT raw FROM users WHERE id = $1", [.text(user.id)])?["raw"].bytes else {
            return false
        }
        if stored == user.raw { return false }
        // Our own comparison: Foundation's parse and re-serialisation of both objects cost
        // ~1.5 ms a user, inside the write transaction (a webhook that repeats what the
        // reconciler stored, or a full pass over unchanged users, pays it for every user).
        return !JSONSlicer.sameValue(stored, user.raw)
    }

    /// The users upsert for `values` (rows of 16 parameters), to be followed by a guard. With
    /// `updatingProfile` false the columns of `profileIndexedColumns` keep their stored values.
    /// - Parameter markingSeen: the rows carry a 17th value, `seen_run`.
    static func insertSQL(values: String, updatingProfile: Bool = true, markingSeen: Bool = false) -> String {
        let columns = markingSeen ? updatableColumns + ["seen_run"] : updatableColumns
        let updated = columns.filter { updatingProfile || !profileIndexedColumns.contains($0) }
        return """
            INSERT INTO users (id, \(columns.joined(separator: ", ")))
            VALUES \(values)
            ON CONFLICT (id) DO UPDATE SET \(updated.map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """
    }

    /// Every column an upsert writes but `id`, in the order of its parameters.
    static let updatableColumns = [
        "primary_email_address", "username", "first_name", "last_name", "external_id", "banned", "locked",
        "created_at", "updated_at", "last_sign_in_at", "last_active_at", "public_metadata", "private_metadata",
        "unsafe_metadata", "raw",
    ]

    /// Indexed columns that activity and metadata updates leave as they were. SQLite rewrites
    /// an index only for the columns an UPDATE sets, so leaving these out when unchanged spares
    /// most of a user's ten indexes.
    static let profileIndexedColumns = ["primary_email_address", "username", "first_name", "last_name", "external_id", "banned", "created_at"]

    /// `user`'s values for `profileIndexedColumns`, as the store returns them.
    static func profileIndexedValues(_ user: UserRecord) -> [SQLValue] {
        [SQLValue(user.primaryEmailAddress), SQLValue(user.username), SQLValue(user.firstName), SQLValue(user.lastName),
         SQLValue(user.externalID), SQLValue(user.banned), .integer(user.createdAt)]
    }

    /// The version guard: strictly newer data replaces the row.
    static let newerGuard = "WHERE excluded.updated_at > users.updated_at"
    /// For Backend API data on a tie: equal versions replace too.
    static let equalOrNewerGuard = "WHERE excluded.updated_at >= users.updated_at"

    /// One user's upsert with the version guard.
    static let upsertSQL = insertSQL(values: UserBatchWriter.rows(1, width: 16)) + " " + newerGuard
}
