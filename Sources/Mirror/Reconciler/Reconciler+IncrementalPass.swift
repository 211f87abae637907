import ClerkAPI
import Store

extension Reconciler {
    /// Users changed since the last pass began (minus a margin), newest first, paged by
    /// offset: cheap enough to run every few minutes.
    func incrementalPass(_ pass: PreparedPass, _ state: inout SyncProgress, _ progress: ProgressHandler?) async throws {
        let watermark = try await runs.watermark() ?? 0
        let stopBelow = watermark - configuration.incrementalMargin.milliseconds
        let size = configuration.pageSize
        var offset = 0
        while true {
            try Task.checkCancellation()
            let page = try await source.listUsers(UserListQuery(limit: size, offset: offset, orderBy: "-updated_at"))
            let now = nowMilliseconds
            let snapshot = state
            let applied = try await database.transaction { connection in
                let result = try PageResult.apply(page.users, seenBy: nil, now: now, connection)
                var next = snapshot
                next.add(result)
                try SyncRunStore.recordProgress(pass.runID, next, connection)
                return result
            }
            state.add(applied)
            progress?(state)
            guard !page.isLastPage(limit: size), let oldest = page.users.last, oldest.updatedAt >= stopBelow else { break }
            offset += max(1, page.users.count - configuration.incrementalOverlap)
        }
        try await database.write { connection in try SyncRunStore.setWatermark(pass.startedAt, connection) }
    }
}
