import Store

/// Writes sessions through their own version guard: a row is replaced only by a strictly
/// newer `updated_at`. Sessions of a deleted user are not kept.
public enum SessionWriter {
    public enum Outcome: String, Sendable {
        case written
        case unchanged
        case userDeleted
    }

    public static func upsert(_ session: SessionRecord, _ connection: any DatabaseConnection) throws -> Outcome {
        // A concurrent user.deleted must not leave this session behind it.
        try UserLocks.lock([session.userID], connection)
        let state = try connection.queryOne(
            "SELECT (SELECT 1 FROM user_tombstones WHERE id = $1) AS tombstone, (SELECT updated_at FROM sessions WHERE id = $2) AS updated_at",
            [.text(session.userID), .text(session.id)])
        if state?["tombstone"].isNull == false { return .userDeleted }
        if let stored = state?["updated_at"].int64, stored >= session.updatedAt { return .unchanged }
        let changed = try connection.execute("""
            INSERT INTO sessions (id, user_id, client_id, status, last_active_at, expire_at, abandon_at, created_at, updated_at, raw)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (id) DO UPDATE SET
                user_id = excluded.user_id, client_id = excluded.client_id, status = excluded.status,
                last_active_at = excluded.last_active_at, expire_at = excluded.expire_at, abandon_at = excluded.abandon_at,
                created_at = excluded.created_at, updated_at = excluded.updated_at, raw = excluded.raw
            WHERE excluded.updated_at > sessions.updated_at
            """, [
                .text(session.id), .text(session.userID), SQLValue(session.clientID), .text(session.status),
                SQLValue(session.lastActiveAt), SQLValue(session.expireAt), SQLValue(session.abandonAt),
                .integer(session.createdAt), .integer(session.updatedAt), .text(String(decoding: session.raw, as: UTF8.self)),
            ])
        return changed == 1 ? .written : .unchanged
    }
}
