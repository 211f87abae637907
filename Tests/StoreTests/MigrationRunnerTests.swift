import Foundation
import Store
import TestSupport
import Testing

@Suite struct MigrationRunnerTests {
    static let tables = ["users", "user_email_addresses", "user_tombstones", "sessions", "webhook_inbox",
                         "sync_runs", "user_refresh_requests", "mirror_state", "schema_migrations"]

    static func tableNames(_ database: any Database) async throws -> Set<String> {
        try await database.read { connection in
            let sql = connection.dialect == .postgres
                ? "SELECT tablename AS name FROM pg_catalog.pg_tables WHERE schemaname = ANY (current_schemas(false))"
                : "SELECT name FROM sqlite_master WHERE type = 'table'"
            return Set(try connection.query(sql, []).compactMap { $0["name"].string })
        }
    }

    static func ledger(_ database: any Database) async throws -> [Int64] {
        try await database.read { connection in
            try connection.query("SELECT version FROM schema_migrations ORDER BY version", []).compactMap { $0[0].int64 }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func freshDatabaseReachesTheCurrentSchema(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let runner = MigrationRunner(database: test.database)
            #expect(try await runner.pending().count == Migration.all(for: test.database.dialect).count)
            let applied = try await runner.migrate()
            #expect(applied.map(\.version) == Migration.all(for: test.database.dialect).map(\.version))
            #expect(try await Self.tableNames(test.database).isSuperset(of: Self.tables))
            #expect(try await runner.pending().isEmpty)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func runningTwiceChangesNothing(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let runner = MigrationRunner(database: test.database)
            try await runner.migrate()
            let before = try await Self.ledger(test.database)
            let second = try await runner.migrate()
            #expect(second.isEmpty)
            #expect(try await Self.ledger(test.database) == before)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func editedAppliedMigrationIsRefusedByName(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let original = [Migration(version: 1, name: "0001_first.sql", sql: "CREATE TABLE first (id TEXT);")]
            try await MigrationRunner(database: test.database, migrations: original).migrate()
            let edited = [Migration(version: 1, name: "0001_first.sql", sql: "CREATE TABLE first (id TEXT, extra TEXT);"),
                          Migration(version: 2, name: "0002_second.sql", sql: "CREATE TABLE second (id TEXT);")]
            await #expect(throws: MigrationError.changedAfterApplying(name: "0001_first.sql")) {
                try await MigrationRunner(database: test.database, migrations: edited).migrate()
            }
            // Nothing after the edited file was applied.
            #expect(!(try await Self.tableNames(test.database)).contains("second"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func migrationFromANewerBinaryIsRefused(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let newer = [Migration(version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (id TEXT);"),
                         Migration(version: 2, name: "0002_b.sql", sql: "CREATE TABLE b (id TEXT);")]
            try await MigrationRunner(database: test.database, migrations: newer).migrate()
            await #expect(throws: MigrationError.unknownApplied(version: 2)) {
                try await MigrationRunner(database: test.database, migrations: Array(newer.prefix(1))).migrate()
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func failingMigrationLeavesNothingHalfApplied(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let broken = [Migration(version: 1, name: "0001_ok.sql", sql: "CREATE TABLE ok (id TEXT);"),
                          Migration(version: 2, name: "0002_broken.sql", sql: "CREATE TABLE half (id TEXT); CREATE TABLE oops (;")]
            await #expect(throws: DatabaseError.self) {
                try await MigrationRunner(database: test.database, migrations: broken).migrate()
            }
            let tables = try await Self.tableNames(test.database)
            #expect(tables.contains("ok"))
            #expect(!tables.contains("half"))
            #expect(try await Self.ledger(test.database) == [1])
        }
    }

    /// Several processes starting at once: each has its own connections; all finish, and each
    /// migration is applied exactly once.
    @Test(arguments: TestDatabaseKind.available)
    func concurrentMigratorsApplyEachMigrationOnce(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let databases = try (0..<4).map { _ in try test.location.open(poolSize: 2) }
            let applied = try await withThrowingTaskGroup(of: Int.self) { group in
                for database in databases {
                    group.addTask { try await MigrationRunner(database: database).migrate().count }
                }
                return try await group.reduce(0, +)
            }
            #expect(applied == Migration.all(for: test.database.dialect).count)
            #expect(try await Self.ledger(test.database) == Migration.all(for: test.database.dialect).map { Int64($0.version) })
            for database in databases { await database.close() }
        }
    }
}
