import Foundation
import Store

/// Prunes done and ignored inbox rows past the retention age, in chunks so a large backlog
/// never holds the write lock for long. Dead and pending rows are never pruned.
public struct InboxRetention: Sendable {
    let database: any Database

    public init(database: any Database) {
        self.database = database
    }

    @discardableResult
    public func prune(olderThan age: Duration, now: Date) async throws -> Int {
        let cutoff = milliseconds(now) - age.milliseconds
        var total = 0
        while true {
            let removed = try await database.transaction { connection in
                try connection.execute("""
                    DELETE FROM webhook_inbox WHERE svix_id IN (
                        SELECT svix_id FROM webhook_inbox WHERE state IN ('done', 'ignored') AND received_at < $1 LIMIT 5000)
                    """, [.integer(cutoff)])
            }
            total += removed
            if removed < 5000 { return total }
        }
    }
}
