import Store
import Synchronization

/// Writes many users through the version guard with a handful of multi-row statements per
/// chunk, instead of several statements per user: the worker's batches and the reconciler's
/// pages go through here. The rules are `UserWriter`'s; a user whose stored `updated_at`
/// equals the incoming one (a possible tie) is handed to `UserWriter.upsert`, one by one.
enum UserBatchWriter {
    /// Users per statement: 16 parameters each keeps every statement well under SQLite's and
    /// PostgreSQL's parameter limits.
    static let chunkSize = 100

    /// - Parameter users: distinct ids (a caller with repeats applies those one by one).
    /// - Parameter seenRun: a full pass's run id, marked on the rows this writes (the pass
    ///   marks the others after), so a new user is written once, not inserted then updated.
    static func upsert(_ users: [UserRecord], source: String, now: Int64, authoritative: Bool, seenRun: Int64? = nil,
                       _ connection: any DatabaseConnection) throws -> [String: UserWriter.Outcome] {
        var outcomes: [String: UserWriter.Outcome] = [:]
        outcomes.reserveCapacity(users.count)
        // Every user of the batch at once, in the locks' order: taken chunk by chunk, two
        // transactions sharing users could each hold what the other waits for.
        try UserLocks.lock(users.map(\.id), connection)
        var start = 0
        while start < users.count {
            let chunk = Array(users[start..<min(start + chunkSize, users.count)])
            try upsertChunk(chunk, source: source, now: now, authoritative: authoritative, seenRun: seenRun, connection, into: &outcomes)
            start += chunkSize
        }
        return outcomes
    }

    private static func upsertChunk(_ users: [UserRecord], source: String, now: Int64, authoritative: Bool, seenRun: Int64?,
                                    _ connection: any DatabaseConnection,
                                    into outcomes: inout [String: UserWriter.Outcome]) throws {
        let ids = users.map { SQLValue.text($0.id) }
        let list = placeholders(ids.count)
        var stored: [String: Int64] = [:]
        var storedProfiles: [String: [SQLValue]] = [:]
        let profileList = UserWriter.profileIndexedColumns.joined(separator: ", ")
        for row in try connection.query("SELECT id, updated_at, \(profileList) FROM users WHERE id IN (\(list))", ids) {
            guard let id = row[0].string, let version = row[1].int64 else { continue }
            stored[id] = version
            storedProfiles[id] = Array(row.values.dropFirst(2))
        }
        let tombstoned = Set(try connection.query("SELECT id FROM user_tombstones WHERE id IN (\(list))", ids).compactMap { $0[0].string })
        let refreshes = Set(try connection.query("SELECT user_id FROM user_refresh_requests WHERE user_id IN (\(list))", ids)
            .compactMap { $0[0].string })

        var writes: [UserRecord] = []
        for user in users {
            if tombstoned.contains(user.id) {
                outcomes[user.id] = .tombstoned
            } else if let version = stored[user.id], version > user.updatedAt {
                outcomes[user.id] = .unchanged
            } else if stored[user.id] == user.updatedAt {
                // Equal versions: same content, a tie, or a repair; the single path decides.
                outcomes[user.id] = try UserWriter.upsert(user, source: source, now: now, authoritative: authoritative, connection)
            } else {
                writes.append(user)
            }
        }
        // Most updates are activity or metadata: when no stored row's indexed profile columns
        // change, the statement leaves them out, and SQLite leaves their indexes alone.
        let profileChanges = writes.contains { user in
            storedProfiles[user.id].map { $0 != UserWriter.profileIndexedValues(user) } ?? false
        }
        let written = try writeRows(writes, guardSQL: UserWriter.newerGuard, updatingProfile: profileChanges,
                                    newUsers: Set(writes.lazy.map(\.id).filter { stored[$0] == nil }), seenRun: seenRun, connection)
        for user in writes {
            outcomes[user.id] = written.contains(user.id) ? (stored[user.id] == nil ? .created : .updated) : .unchanged
        }
        let cleared = writes.filter { written.contains($0.id) && refreshes.contains($0.id) }.map { SQLValue.text($0.id) }
        if !cleared.isEmpty {
            // Newer data answers a pending refresh request for these users.
            try connection.execute("DELETE FROM user_refresh_requests WHERE user_id IN (\(placeholders(cleared.count)))", cleared)
        }
    }

    /// Upserts `users`' rows where `guardSQL` lets them (the version guard), then brings the
    /// email, phone and search rows of those written up to date. Returns the ids written.
    /// - Parameters:
    ///   - updatingProfile: false when no row being replaced changes the columns of
    ///     `UserWriter.profileIndexedColumns` (the caller compared them).
    ///   - newUsers: ids the caller found without a `users` row, under their user locks: they
    ///     have no email, phone or search rows either (those reference `users` and go with it),
    ///     so nothing is read or deleted for them. A full pass into an empty mirror is all new.
    ///   - seenRun: also set `seen_run` to this on every row written.
    static func writeRows(_ users: [UserRecord], guardSQL: String, updatingProfile: Bool = true,
                          newUsers: Set<String> = [], seenRun: Int64? = nil,
                          _ connection: any DatabaseConnection) throws -> Set<String> {
        guard !users.isEmpty else { return [] }
        let width = seenRun == nil ? 16 : 17
        var arguments: [SQLValue] = []
        arguments.reserveCapacity(users.count * width)
        for user in users {
            arguments += [
                .text(user.id), SQLValue(user.primaryEmailAddress), SQLValue(user.username), SQLValue(user.firstName),
                SQLValue(user.lastName), SQLValue(user.externalID), SQLValue(user.banned), SQLValue(user.locked),
                .integer(user.createdAt), .integer(user.updatedAt), SQLValue(user.lastSignInAt), SQLValue(user.lastActiveAt),
                .text(user.publicMetadata), SQLValue(user.privateMetadata), SQLValue(user.unsafeMetadata),
                .text(String(decoding: user.raw, as: UTF8.self)),
            ]
            if let seenRun { arguments.append(.integer(seenRun)) }
        }
        let sql = UserWriter.insertSQL(values: rows(users.count, width: width), updatingProfile: updatingProfile,
                                       markingSeen: seenRun != nil)
            + " " + guardSQL + " RETURNING id"
        let written = Set(try connection.query(sql, arguments)
            .compactMap { $0[0].string })
        let changed = users.filter { written.contains($0.id) }
        guard !changed.isEmpty else { return written }

        try replaceEmails(of: changed, new: newUsers, connection)
        try UserSearchRows.write(changed, new: newUsers, connection)
        return written
    }

    /// Rewrites the email rows of the users whose addresses changed. Most updates (activity,
    /// metadata) change none, and a delete and re-insert of every user's rows was a tenth of a
    /// batch's write work.
    private static func replaceEmails(of users: [UserRecord], new: Set<String>, _ connection: any DatabaseConnection) throws {
        let ids = users.filter { !new.contains($0.id) }.map { SQLValue.text($0.id) }
        var stored: [String: [UserRecord.Email]] = [:]
        if !ids.isEmpty {
            for row in try connection.query("""
                SELECT user_id, email_address_id, email_address, verified, is_primary FROM user_email_addresses
                WHERE user_id IN (\(placeholders(ids.count)))
                """, ids) {
                stored[row[0].string ?? "", default: []].append(UserRecord.Email(
                    id: row[1].string ?? "", address: row[2].string ?? "", verified: row[3].bool ?? false, isPrimary: row[4].bool ?? false))
            }
        }
        let changed = users.filter {
            (stored[$0.id] ?? []).sorted(by: { $0.id < $1.id }) != $0.emails.sorted(by: { $0.id < $1.id })
        }
        guard !changed.isEmpty else { return }
        // Only users that had rows have any to delete.
        let replacedIDs = changed.filter { stored[$0.id] != nil }.map { SQLValue.text($0.id) }
        if !replacedIDs.isEmpty {
            try connection.execute("DELETE FROM user_email_addresses WHERE user_id IN (\(placeholders(replacedIDs.count)))", replacedIDs)
        }
        var arguments: [SQLValue] = []
        for user in changed {
            for email in user.emails {
                arguments += [.text(user.id), .text(email.id), .text(email.address), SQLValue(email.verified), SQLValue(email.isPrimary)]
            }
        }
        guard !arguments.isEmpty else { return }
        try connection.execute("""
            INSERT INTO user_email_addresses (user_id, email_address_id, email_address, verified, is_primary)
            VALUES \(rows(arguments.count / 5, width: 5)) ON CONFLICT (user_id, email_address_id) DO NOTHING
            """, arguments)
    }

    static func placeholders(_ count: Int, from first: Int = 1) -> String {
        shaped(Shape(count: count, width: 0, first: first)) { list(count, from: first) }
    }

    /// `($1, ..., $width), (...)` for `count` rows.
    static func rows(_ count: Int, width: Int) -> String {
        shaped(Shape(count: count, width: width, first: 1)) {
            (0..<count).map { row in "(" + list(width, from: row * width + 1) + ")" }.joined(separator: ", ")
        }
    }

    private static func list(_ count: Int, from first: Int) -> String {
        (first..<(first + count)).map { "$\($0)" }.joined(separator: ", ")
    }

    /// The same shape is the same text: batches reuse a handful of shapes, and building a
    /// 1,600-placeholder list for each showed in the worker's profile.
    private static let shapes = Mutex<[Shape: String]>([:])

    private struct Shape: Hashable {
        var count: Int
        var width: Int
        var first: Int
    }

    private static func shaped(_ shape: Shape, build: () -> String) -> String {
        // Bounded: batch shapes are few; an odd large one is built and not kept.
        guard shape.count <= 1024, shape.first <= 16 else { return build() }
        if let text = shapes.withLock({ $0[shape] }) { return text }
        let text = build()
        shapes.withLock { $0[shape] = text }
        return text
    }
}
