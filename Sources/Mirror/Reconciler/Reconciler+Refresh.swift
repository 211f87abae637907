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
            try await lookUp(id, seenBy: nil, pass, &state, progress) { next, connection in
                next.usersSeen += 1
                // Answered either way: the request is done even when nothing changed.
                try connection.execute("DELETE FROM user_refresh_requests WHERE user_id = $1", [.text(id)])
            }
        }
    }

    /// Whether refresh requests are waiting.
    func hasRefreshRequests() async throws -> Bool {
        try await database.read { connection in
            try connection.queryOne("SELECT 1 AS one FROM user_refresh_requests LIMIT 1") != nil
        }
    }
}
