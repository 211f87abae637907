import ClerkAPI
import Store

extension Reconciler {
    /// Reads one user with `GET /v1/users/{id}` and stores the answer, with the pass's progress,
    /// in one transaction: the user when Clerk has it, its removal when Clerk answers 404.
    ///
    /// - Parameters:
    ///   - seenBy: the full pass's run id, marked on the user when it exists.
    ///   - count: what the caller counts for this lookup, in the same transaction.
    func lookUp(_ id: String, seenBy run: Int64?, _ pass: PreparedPass, _ state: inout SyncProgress,
                _ progress: ProgressHandler?,
                count: @escaping @Sendable (inout SyncProgress, any DatabaseConnection) throws -> Void) async throws {
        let upstream = try await source.getUser(id: id)
        let now = nowMilliseconds
        let snapshot = state
        state = try await database.transaction { connection in
            var next = snapshot
            try count(&next, connection)
            if let upstream {
                let result = try PageResult.apply([upstream], seenBy: run, now: now, connection)
                next.created += Int64(result.created)
                next.updated += Int64(result.updated)
            } else if try UserWriter.delete(id: id, deletedAt: now, source: "reconciler", connection) {
                next.deleted += 1
            }
            try SyncRunStore.recordProgress(pass.runID, next, connection)
            return next
        }
        progress?(state)
    }
}
