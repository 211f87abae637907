import ClerkAPI
import Store

extension Reconciler {
    /// One user (`resync --user ID`), or every queued refresh request (ties the version
    /// guard could not decide), each read with `GET /v1/users/{id}`.
    func refresh(_ pass: PreparedPass, _ state: inout SyncProgress, _ progress: ProgressHandler?) async throws {
        state.phase = .refreshing
        let ids: [String]
        if let userID = pass.userID {
            ids = [userID]
        } else {
            ids = try await database.read { connection in
                try connection.query("SELECT user_id FROM user_refresh_requests ORDER BY requested_at, user_id", [])
                    .compactMap { $0["user_id"].string }
            }
        }
        for id in ids {
            try Task.checkCancellation()
            let upstream = try await source.getUser(id: id)
            let now = nowMilliseconds
            let snapshot = state
            state = try await database.transaction { connection in
                var next = snapshot
                next.usersSeen += 1
                if let upstream {
                    let result = try PageResult.apply([upstream], seenBy: nil, now: now, connection)
                    next.created += Int64(result.created)
                    next.updated += Int64(result.updated)
                } else if try UserWriter.delete(id: id, deletedAt: now, source: "reconciler", connection) {
                    next.deleted += 1
                }
                // Answered either way: the request is done even when nothing changed.
                try connection.execute("DELETE FROM user_refresh_requests WHERE user_id = $1", [.text(id)])
                try SyncRunStore.recordProgress(pass.runID, next, connection)
                return next
            }
            progress?(state)
        }
    }

    /// Whether refresh requests are waiting.
    func hasRefreshRequests() async throws -> Bool {
        try await database.read { connection in
            try connection.queryOne("SELECT 1 AS one FROM user_refresh_requests LIMIT 1") != nil
        }
    }
}
