import ClerkAPI
import Store

/// Applies one page of Backend API users in one transaction, through the version guard.
struct PageResult: Sendable {
    var users = 0
    var created = 0
    var updated = 0
    var tombstoned = 0

    /// Reads a page's users into records. It needs no connection, so a pass parses a page
    /// while the writer stores the one before.
    static func parse(_ users: [ClerkUserJSON]) throws -> [UserRecord] {
        var records: [UserRecord] = []
        records.reserveCapacity(users.count)
        for user in users {
            do {
                records.append(try UserRecord.parse(user.raw))
            } catch {
                throw ReconcileError.malformedUser(id: user.id, reason: error.description)
            }
        }
        return records
    }

    static func apply(_ users: [ClerkUserJSON], seenBy run: Int64?, now: Int64,
                      _ connection: any DatabaseConnection) throws -> PageResult {
        try apply(parse(users), seenBy: run, now: now, connection)
    }

    /// - Parameter seenBy: the full pass's run id, marked on every user of the page.
    static func apply(_ records: [UserRecord], seenBy run: Int64?, now: Int64,
                      _ connection: any DatabaseConnection) throws -> PageResult {
        var result = PageResult(users: records.count)
        // A page repeats no user; if one ever did, the repeats go one by one after the rest.
        var seen: Set<String> = []
        let distinct = records.filter { seen.insert($0.id).inserted }
        var outcomes = Array(try UserBatchWriter.upsert(distinct, source: "reconciler", now: now, authoritative: true,
                                                        seenRun: run, connection).values)
        if distinct.count < records.count {
            var first: Set<String> = []
            for record in records where !first.insert(record.id).inserted {
                outcomes.append(try UserWriter.upsert(record, source: "reconciler", now: now, authoritative: true, connection))
            }
        }
        for outcome in outcomes {
            switch outcome {
            case .created: result.created += 1
            case .updated: result.updated += 1
            case .tombstoned: result.tombstoned += 1
            case .unchanged, .tie: break
            }
        }
        if let run, !records.isEmpty {
            // The upsert marked the rows it wrote; the rest (unchanged, ties) are marked here.
            let placeholders = (0..<records.count).map { "$\($0 + 2)" }.joined(separator: ", ")
            try connection.execute("UPDATE users SET seen_run = $1 WHERE id IN (\(placeholders)) AND (seen_run IS NULL OR seen_run <> $1)",
                                   [.integer(run)] + records.map { .text($0.id) })
        }
        return result
    }
}
