import ClerkAPI
import Foundation
@testable import Mirror
import Store
import Synchronization
import TestSupport
import Testing

/// An empty mirror's first full pass loads users without the secondary indexes and builds
/// them at the end; whatever happens, the mirror ends with every index it had.
@Suite struct DeferredIndexesTests {
    static func indexes(_ database: any Database) async throws -> [String] {
        try await database.write { connection in try DeferredIndexes.definitions(connection).map { "\($0.name): \($0.definition)" } }
    }

    static func leftovers(_ database: any Database) async throws -> Int64 {
        try await database.read {
            try $0.queryOne("SELECT count(*) FROM mirror_state WHERE key LIKE 'deferred_index:%'")?[0].int64 ?? -1
        }
    }

    /// Every index and the FTS index agree with the tables (SQLite's own checks); on
    /// PostgreSQL, a lookup through the rebuilt email index finds its user.
    static func indexesAgreeWithTables(_ harness: ReconcilerHarness) async throws {
        let database = harness.test.database
        if database.dialect == .sqlite {
            let check = try await database.write { connection -> String? in
                try connection.execute("INSERT INTO user_search_fts (user_search_fts, rank) VALUES ('integrity-check', 1)", [])
                return try connection.queryOne("PRAGMA integrity_check")?[0].string
            }
            #expect(check == "ok")
        }
        let id = harness.clerk.liveUserIDs()[7]
        let email = try await database.read {
            try $0.queryOne("SELECT email_address FROM user_email_addresses WHERE user_id = $1", [.text(id)])?[0].string
        }
        let found = try await database.read {
            try $0.query("SELECT user_id FROM user_email_addresses WHERE email_address = $1", [.text(email ?? "")]).compactMap { $0[0].string }
        }
        #expect(found.contains(id))
    }

    @Test(arguments: TestDatabaseKind.available)
    func firstPassBuildsEveryIndexItLeftOut(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 1_200) { harness in
            let before = try await Self.indexes(harness.test.database)
            #expect(before.count >= 10, "\(before)")
            let run = try await harness.reconciler.run(.full, trigger: "test")
            #expect(run.state == .complete, "\(run.error ?? "")")
            #expect(try await Self.indexes(harness.test.database) == before)
            #expect(try await Self.leftovers(harness.test.database) == 0)
            let (equal, detail) = try await harness.mirrorEqualsUpstream()
            #expect(equal, "\(detail)")
            try await Self.indexesAgreeWithTables(harness)
            if kind == .sqlite {
                // The writer's settings, set aside for the index builds, are back.
                let (store, cache) = try await harness.test.database.write { connection in
                    (try connection.queryOne("PRAGMA temp_store")?[0].int64, try connection.queryOne("PRAGMA cache_size")?[0].int64)
                }
                #expect(store == 2 && cache == -16384)
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func failedLoadStillBuildsEveryIndex(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 2_000) { harness in
            let before = try await Self.indexes(harness.test.database)
            var faults = harness.clerk.faults
            faults.failFromRequest = harness.clerk.requests.count + 3
            harness.clerk.faults = faults
            let run = try await harness.reconciler.run(.full, trigger: "test")
            #expect(run.state == .failed)
            #expect(try await Self.indexes(harness.test.database) == before)
            #expect(try await Self.leftovers(harness.test.database) == 0)
        }
    }

    /// A process killed during the load leaves its definitions; the next pass builds them
    /// before it starts, and a mirror that has users keeps its indexes through a pass.
    @Test(arguments: TestDatabaseKind.available)
    func leftoverIndexesAreBuiltBeforeTheNextPass(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 1_200) { harness in
            let database = harness.test.database
            let before = try await Self.indexes(database)
            let dropped = try await database.transaction { try DeferredIndexes.dropIfEmpty($0) }
            #expect(dropped == before.count)
            #expect(try await Self.indexes(database).isEmpty)
            // The killed load had stored some users.
            try await database.transaction { connection in
                try UserWriter.upsert(try UserRecord.parse(Fixtures.user(id: "user_loaded", updatedAt: 1)), source: "reconciler",
                                      now: 1, connection)
            }
            let pass = try await harness.reconciler.prepare(.full, trigger: "test")
            #expect(try await Self.indexes(database) == before, "built before the pass starts")
            #expect(try await Self.leftovers(database) == 0)
            let run = await harness.reconciler.execute(pass)
            #expect(run.state == .complete, "\(run.error ?? "")")
            #expect(try await Self.indexes(database) == before)
        }
    }

    /// While the first pass loads, the secondary indexes are gone; a later pass, over a
    /// mirror that has users, leaves them in place.
    @Test(arguments: TestDatabaseKind.available)
    func onlyAnEmptyMirrorLoadsWithoutIndexes(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let source = WatchingSource(database: test.database)
            let reconciler = Reconciler(database: test.database, location: test.location, source: source, logger: .disabled)
            let all = try await Self.indexes(test.database).count
            #expect(try await reconciler.run(.full, trigger: "test").state == .complete)
            #expect(source.seen.withLock { $0 } == [0])
            #expect(try await reconciler.run(.full, trigger: "test").state == .complete)
            #expect(source.seen.withLock { $0 } == [0, all])
            #expect(try await Self.indexes(test.database).count == all)
        }
    }

    /// One page of three users; counts the secondary indexes present whenever it is listed.
    final class WatchingSource: UserSource, Sendable {
        let database: any Database
        let seen = Mutex<[Int]>([])

        init(database: any Database) {
            self.database = database
        }

        func listUsers(_ query: UserListQuery) async throws -> UserPage {
            let present = try await DeferredIndexesTests.indexes(database).count
            seen.withLock { $0.append(present) }
            return UserPage(users: ["user_a", "user_b", "user_c"].enumerated().map { index, id in
                ClerkUserJSON(raw: Fixtures.user(id: id, updatedAt: 1000, emails: ["\(id)@example.com"]),
                              id: id, createdAt: Int64(index), updatedAt: 1000)
            })
        }

        func countUsers(_ filter: UserListQuery) async throws -> Int { 3 }
        func getUser(id: String) async throws -> ClerkUserJSON? { nil }
    }
}
