import ClerkAPI
import Store

extension Reconciler {
    /// Every user in `created_at` order, cursor-paged; then, only if that completed, each
    /// user the pass did not see is confirmed gone with `GET /v1/users/{id}` before removal.
    func fullPass(_ pass: PreparedPass, _ state: inout SyncProgress, _ progress: ProgressHandler?) async throws {
        let run = pass.runID
        state.upstreamCount = Int64(try await source.countUsers(UserListQuery()))
        progress?(state)
        var cursor: String?
        var offset: Int?
        while true {
            try Task.checkCancellation()
            var query = UserListQuery(limit: configuration.pageSize, orderBy: "+created_at")
            if let offset { query.offset = offset } else { query.startingAfter = cursor }
            let page: UserPage
            do {
                page = try await source.listUsers(query)
            } catch let error as ClerkAPIError where error.status == 422 && offset == nil && cursor != nil {
                // A server without the cursor (it is recent: PROTOCOL.md §3.2): page by offset.
                logger.warning("reconcile_cursor_refused", ["run": String(run), "falling_back_to": "offset"])
                offset = Int(state.usersSeen)
                continue
            }
            let now = nowMilliseconds
            let snapshot = state
            let applied = try await database.transaction { connection in
                let result = try PageResult.apply(page.users, seenBy: run, now: now, connection)
                var next = snapshot
                next.add(result)
                try SyncRunStore.recordProgress(run, next, connection)
                return result
            }
            state.add(applied)
            progress?(state)
            if page.isLastPage(limit: configuration.pageSize) { break }
            cursor = page.lastUserID
            offset = offset.map { $0 + page.users.count }
        }
        try await removeUnseen(pass, &state, progress)
        try await database.write { connection in try SyncRunStore.setWatermark(pass.startedAt, connection) }
    }

    /// The deletion phase: candidates are users created before the pass began that it did
    /// not see. Too many means something is wrong (another instance's key): delete nothing.
    private func removeUnseen(_ pass: PreparedPass, _ state: inout SyncProgress, _ progress: ProgressHandler?) async throws {
        let run = pass.runID
        let (candidates, users) = try await database.read { connection in
            let ids = try connection.query("""
                SELECT id FROM users WHERE created_at < $1 AND (seen_run IS NULL OR seen_run <> $2) ORDER BY created_at, id
                """, [.integer(pass.startedAt), .integer(run)]).compactMap { $0["id"].string }
            let users = try connection.queryOne("SELECT count(*) AS n FROM users")?["n"].int64 ?? 0
            return (ids, Int(users))
        }
        guard !candidates.isEmpty else { return }
        let threshold = configuration.deletionThreshold(users: users)
        guard candidates.count <= threshold else {
            throw ReconcileError.tooManyMissing(candidates: candidates.count, threshold: threshold)
        }
        state.phase = .confirmingDeletions
        state.candidates = Int64(candidates.count)
        progress?(state)
        for id in candidates {
            try Task.checkCancellation()
            // A user listed late or missed by paging exists after all: it is stored.
            try await lookUp(id, seenBy: run, pass, &state, progress) { next, _ in next.confirmed += 1 }
        }
    }
}
