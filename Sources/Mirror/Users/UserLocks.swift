import Store

/// Serializes writers of the same user across transactions on PostgreSQL, where several
/// workers and processes write at once. Without it, an upsert that checked for a tombstone
/// before a concurrent `user.deleted` committed would insert the user again after it (read
/// committed sees only what was committed when each statement began). Each writer takes a
/// transaction-level advisory lock per user id before it reads the user's state, in the
/// order of the lock keys, so two transactions that take their locks in one call each can
/// never wait for each other in a circle; SQLite has a single writer and needs none.
enum UserLocks {
    static func lock(_ ids: [String], _ connection: any DatabaseConnection) throws {
        guard connection.dialect == .postgres, !ids.isEmpty else { return }
        let sorted = Array(Set(ids)).sorted()
        let rows = (1...sorted.count).map { "($\($0))" }.joined(separator: ", ")
        // hashtext maps the id to the 32-bit key space; a collision only makes two users wait
        // for each other.
        _ = try connection.query(
            "SELECT pg_advisory_xact_lock(hashtext(v.id)) FROM (VALUES \(rows)) AS v(id) ORDER BY hashtext(v.id), v.id",
            sorted.map { .text($0) })
    }
}
