import Foundation
@testable import Mirror
import Store
import TestSupport
import Testing

/// The batch path writes only what changed (the indexed profile columns, the email rows) and
/// must end exactly where writing everything would.
@Suite struct BatchUpdateTests {
    static func applyBatch(_ database: any Database, _ users: [[UInt8]]) async throws -> [EventApplier.Outcome] {
        let events = users.map { EventApplier.Event(type: "user.updated", payload: Fixtures.event("user.updated", data: $0)) }
        return try await database.transaction { try EventApplier.apply(events, now: 1, $0) }
    }

    static func stored(_ database: any Database) async throws -> [String: [String: SQLValue]] {
        try await database.read { connection in
            var users: [String: [String: SQLValue]] = [:]
            for row in try connection.query("""
                SELECT id, username, first_name, last_name, external_id, banned, primary_email_address, created_at, updated_at, raw
                FROM users
                """, []) {
                var columns: [String: SQLValue] = [:]
                for name in ["username", "first_name", "last_name", "external_id", "banned", "primary_email_address", "created_at", "updated_at", "raw"] {
                    columns[name] = row[name]
                }
                let emails = try connection.query("""
                    SELECT email_address, verified, is_primary FROM user_email_addresses WHERE user_id = $1 ORDER BY email_address_id
                    """, [row["id"]]).map { "\($0[0].string ?? "")|\($0[1].int64 ?? -1)|\($0[2].int64 ?? -1)" }
                columns["emails"] = .text(emails.joined(separator: ","))
                users[row["id"].string ?? ""] = columns
            }
            return users
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func activityAndProfileUpdatesInOneBatchEndAsWritten(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let first = (0..<6).map { Fixtures.user(id: "user_\($0)", updatedAt: 1000, emails: ["u\($0)@example.com"], username: "name\($0)") }
            _ = try await Self.applyBatch(test.database, first)
            // Only activity changes for 0-2; a batch of those alone keeps every profile column.
            let activity = (0..<3).map {
                Fixtures.user(id: "user_\($0)", updatedAt: 2000, emails: ["u\($0)@example.com"], username: "name\($0)",
                              extra: [("last_active_at", .number(2000))])
            }
            #expect(try await Self.applyBatch(test.database, activity) == Array(repeating: .user(.updated), count: 3))
            // One batch mixing activity (3), a new username and name (4), new emails and a ban (5).
            let mixed = [
                Fixtures.user(id: "user_3", updatedAt: 2000, emails: ["u3@example.com"], username: "name3", extra: [("last_active_at", .number(2000))]),
                Fixtures.user(id: "user_4", updatedAt: 2000, emails: ["u4@example.com"], firstName: "Grace", lastName: "Hopper", username: "grace"),
                Fixtures.user(id: "user_5", updatedAt: 2000, emails: ["new5@example.com", "u5@example.com"], username: "name5",
                              externalID: "ext_5", banned: true),
            ]
            #expect(try await Self.applyBatch(test.database, mixed) == Array(repeating: .user(.updated), count: 3))

            // The same final objects written one by one into a fresh store, the plain way.
            let expected = try await TestDatabase.with(kind) { (fresh: TestDatabase) async throws in
                for data in activity + mixed {
                    _ = try await fresh.database.transaction { try UserWriter.upsert(try UserRecord.parse(data), source: "test", now: 1, $0) }
                }
                return try await Self.stored(fresh.database)
            }
            let actual = try await Self.stored(test.database)
            #expect(actual.count == 6)
            #expect(actual == expected)
            #expect(actual["user_4"]?["username"] == .text("grace"))
            #expect(actual["user_4"]?["first_name"] == .text("Grace"))
            #expect(actual["user_5"]?["banned"] == .integer(1))
            #expect(actual["user_5"]?["external_id"] == .text("ext_5"))
            #expect(actual["user_5"]?["emails"] == .text("new5@example.com|1|1,u5@example.com|0|0"))
            #expect(actual["user_0"]?["username"] == .text("name0"))
            #expect(actual["user_0"]?["emails"] == .text("u0@example.com|1|1"))
            #expect(actual["user_0"]?["updated_at"] == .integer(2000))
        }
    }
}
