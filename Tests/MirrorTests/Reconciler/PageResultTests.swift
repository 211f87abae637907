import ClerkAPI
import Foundation
@testable import Mirror
import Store
import TestSupport
import Testing

/// A full pass marks every user of a page as seen, whether the upsert wrote the row (new or
/// newer users carry the mark in the same statement) or left it (unchanged, older).
@Suite struct PageResultTests {
    static func page(_ users: [(id: String, updatedAt: Int64)]) -> [ClerkUserJSON] {
        users.map { user in
            ClerkUserJSON(raw: Fixtures.user(id: user.id, updatedAt: user.updatedAt, emails: ["\(user.id)@example.com"],
                                             username: user.id.replacingOccurrences(of: "user_", with: "name")),
                          id: user.id, createdAt: 1_716_883_200_000, updatedAt: user.updatedAt)
        }
    }

    static func marks(_ database: any Database) async throws -> [String: Int64] {
        try await database.read { connection in
            var marks: [String: Int64] = [:]
            for row in try connection.query("SELECT id, seen_run FROM users", []) { marks[row[0].string ?? ""] = row[1].int64 ?? -1 }
            return marks
        }
    }

    static func count(_ database: any Database, _ sql: String) async throws -> Int64 {
        try await database.read { try $0.queryOne(sql, [])?[0].int64 ?? -1 }
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyUserOfAPageIsMarkedSeen(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let first = Self.page((0..<5).map { ("user_\($0)", 1000) })
            let created = try await test.database.transaction { try PageResult.apply(first, seenBy: 7, now: 1, $0) }
            #expect(created.created == 5)
            #expect(try await Self.marks(test.database) == Dictionary(uniqueKeysWithValues: (0..<5).map { ("user_\($0)", 7) }))

            // Two newer, two unchanged, one older than stored (kept), one new.
            try await test.database.transaction { connection in
                try connection.execute("UPDATE users SET updated_at = 5000 WHERE id = 'user_4'", [])
            }
            let second = Self.page([("user_0", 2000), ("user_1", 2000), ("user_2", 1000), ("user_3", 1000), ("user_4", 1000), ("user_5", 1000)])
            let result = try await test.database.transaction { try PageResult.apply(second, seenBy: 8, now: 2, $0) }
            #expect(result.created == 1 && result.updated == 2)
            #expect(try await Self.marks(test.database) == Dictionary(uniqueKeysWithValues: (0..<6).map { ("user_\($0)", 8) }))

            // Outside a full pass nothing is marked.
            _ = try await test.database.transaction { try PageResult.apply(Self.page([("user_0", 3000)]), seenBy: nil, now: 3, $0) }
            #expect(try await Self.marks(test.database)["user_0"] == 8)

            // New users got their email and search rows although nothing was read for them first.
            let emails = try await Self.count(test.database, "SELECT count(*) FROM user_email_addresses")
            let search = try await Self.count(test.database, "SELECT count(*) FROM user_search WHERE username LIKE 'name%'")
            #expect(emails == 6 && search == 6)
        }
    }
    /// Pages stored side by side add to the run's counters, whatever order they commit in.
    @Test(arguments: TestDatabaseKind.available)
    func pagesAddToTheRunsCounters(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let store = SyncRunStore(database: test.database)
            let run = try await store.start(kind: .full, trigger: "test", at: 1)
            let pages = [PageResult(users: 500, created: 500), PageResult(users: 500, created: 20, updated: 3),
                         PageResult(users: 7, updated: 7)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for page in pages {
                    group.addTask { try await test.database.transaction(.deferred) { try SyncRunStore.addPage(run, page, $0) } }
                }
                try await group.waitForAll()
            }
            let recorded = try await store.run(id: run)
            #expect(recorded?.pages == 3)
            #expect(recorded?.usersSeen == 1007)
            #expect(recorded?.created == 520)
            #expect(recorded?.updated == 10)
        }
    }
}
