import ClerkAPI
import Store

extension Reconciler {
    /// Every user in `created_at` order, cursor-paged; then, only if that completed, each
    /// user the pass did not see is confirmed gone with `GET /v1/users/{id}` before removal.
    /// The next page is requested (and its users parsed) as soon as a page arrives, so the
    /// Backend API's answer and the store's writes of the pages before overlap.
    func fullPass(_ pass: PreparedPass, _ state: inout SyncProgress, _ progress: ProgressHandler?) async throws {
        state.upstreamCount = Int64(try await source.countUsers(UserListQuery()))
        let counted = state
        let deferIndexes = configuration.deferIndexesWhenEmpty
        let deferred = try await database.transaction { connection in
            try SyncRunStore.recordProgress(pass.runID, counted, connection)
            return deferIndexes ? try DeferredIndexes.dropIfEmpty(connection) : 0
        }
        if deferred > 0 {
            logger.info("reconcile_indexes_deferred", ["run": String(pass.runID), "indexes": String(deferred)])
        }
        progress?(state)
        var writes = PageWrites(limit: database.dialect == .postgres ? configuration.concurrentPageWrites : 1)
        do {
            try await readPages(pass, &state, &writes, progress)
            while let result = try await writes.next() {
                state.add(result)
                progress?(state)
            }
        } catch {
            // Every page write has ended before the run records its outcome; indexes dropped
            // for the load are built whatever the outcome (or by the next pass, if this fails).
            for result in await writes.settle() { state.add(result) }
            if deferred > 0 { try? await buildDeferredIndexes(pass, &state, progress) }
            throw error
        }
        if deferred > 0 { try await buildDeferredIndexes(pass, &state, progress) }
        try await removeUnseen(pass, &state, progress)
        try await database.write { connection in try SyncRunStore.setWatermark(pass.startedAt, connection) }
    }

    private func buildDeferredIndexes(_ pass: PreparedPass, _ state: inout SyncProgress, _ progress: ProgressHandler?) async throws {
        state.phase = .buildingIndexes
        progress?(state)
        let clock = ContinuousClock()
        let started = clock.now
        let built = try await DeferredIndexes.restore(database)
        logger.info("reconcile_indexes_built", ["run": String(pass.runID), "indexes": String(built),
                                                "milliseconds": String((clock.now - started).milliseconds)])
        state.phase = .paging
    }

    /// The paging loop: each page is handed to `writes` as it arrives.
    private func readPages(_ pass: PreparedPass, _ state: inout SyncProgress, _ writes: inout PageWrites,
                           _ progress: ProgressHandler?) async throws {
        let run = pass.runID
        var cursor: String?
        var offset: Int?
        var listed = 0
        var request: Task<FetchedPage, any Error>? = requestPage(cursor: nil, offset: nil)
        defer { request?.cancel() }
        while let pending = request {
            try Task.checkCancellation()
            let fetched: FetchedPage
            do {
                fetched = try await withTaskCancellationHandler { try await pending.value } onCancel: { pending.cancel() }
            } catch let error as ClerkAPIError where error.status == 422 && offset == nil && cursor != nil {
                // A server without the cursor (it is recent: PROTOCOL.md §3.2): page by offset.
                logger.warning("reconcile_cursor_refused", ["run": String(run), "falling_back_to": "offset"])
                offset = listed
                request = requestPage(cursor: nil, offset: offset)
                continue
            }
            let page = fetched.page
            listed += page.users.count
            if page.isLastPage(limit: configuration.pageSize) {
                request = nil
            } else {
                cursor = page.lastUserID
                offset = offset.map { $0 + page.users.count }
                request = requestPage(cursor: cursor, offset: offset)
            }
            if let result = try await writes.waitForRoom() {
                state.add(result)
                progress?(state)
            }
            let now = nowMilliseconds
            let records = fetched.records
            let database = self.database
            writes.start(Task {
                // Deferred: a page lost to a crash is read again by the next pass, and the
                // run's synced end record makes every page before it durable. A page that lost
                // a race with a worker on PostgreSQL was rolled back whole and goes again.
                try await LostRaces.retrying {
                    try await database.transaction(.deferred) { connection in
                        let result = try PageResult.apply(records, seenBy: run, now: now, connection)
                        try SyncRunStore.addPage(run, result, connection)
                        return result
                    }
                }
            })
        }
    }

    /// A page as listed, with its users parsed for the store.
    private struct FetchedPage: Sendable {
        let page: UserPage
        let records: [UserRecord]
    }

    /// `GET /v1/users` for one page, started now: by cursor, or by offset once the cursor was refused.
    private func requestPage(cursor: String?, offset: Int?) -> Task<FetchedPage, any Error> {
        var query = UserListQuery(limit: configuration.pageSize, orderBy: "+created_at")
        if let offset { query.offset = offset } else { query.startingAfter = cursor }
        let source = self.source
        return Task {
            let page = try await source.listUsers(query)
            return FetchedPage(page: page, records: try PageResult.parse(page.users))
        }
    }

    /// The deletion phase: candidates are users created before the pass began that it did
    /// not see. Too many means something is wrong (another instance's key): delete nothing.
    private func removeUnseen(_ pass: PreparedPass, _ state: inout SyncProgress, _ progress: ProgressHandler?) async throws {
        let run = pass.runID
        // On the writer: a reader would scan the whole table through its memory map, and
        // every page it touched would count in the process's resident memory.
        let (candidates, users) = try await database.write { connection in
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
