import Foundation
import Store
import TestSupport
import Testing

@Suite struct SQLiteDatabaseTests {
    @Test func runsInWALModeWithFullSync() async throws {
        try await TestDatabase.with(.sqlite, migrated: false) { test in
            let (mode, sync) = try await test.database.write { connection in
                (try connection.queryOne("PRAGMA journal_mode")?[0].string,
                 try connection.queryOne("PRAGMA synchronous")?[0].int64)
            }
            #expect(mode == "wal")
            #expect(sync == 2) // FULL
        }
    }

    /// A deferred commit skips the WAL's fsync for its own transaction only: the next
    /// transaction, and one begun after a deferred one failed, is synced again.
    @Test func deferredCommitRelaxesSyncForItsTransactionOnly() async throws {
        try await TestDatabase.with(.sqlite, migrated: false) { test in
            let (inside, after, afterFailure, rows) = try await test.database.write { connection in
                try connection.executeScript("CREATE TABLE t (a INTEGER)")
                let inside = try connection.transaction(.deferred) {
                    try connection.execute("INSERT INTO t (a) VALUES (1)", [])
                    return try connection.queryOne("PRAGMA synchronous")?[0].int64
                }
                let after = try connection.queryOne("PRAGMA synchronous")?[0].int64
                struct Planned: Error {}
                _ = try? connection.transaction(.deferred) {
                    try connection.execute("INSERT INTO t (a) VALUES (2)", [])
                    throw Planned()
                }
                let afterFailure = try connection.queryOne("PRAGMA synchronous")?[0].int64
                let rows = try connection.queryOne("SELECT group_concat(a) FROM t")?[0].string
                return (inside, after, afterFailure, rows)
            }
            #expect(inside == 1) // NORMAL
            #expect(after == 2) // FULL
            #expect(afterFailure == 2)
            #expect(rows == "1")
        }
    }

    /// A deferred transaction that cannot begin (another connection holds the write lock)
    /// leaves the connection synced.
    @Test func deferredBeginThatFailsLeavesFullSync() async throws {
        try await TestDatabase.with(.sqlite, migrated: false) { test in
            guard case .sqlite(let path) = test.location else { return }
            let holder = try SQLiteConnection(path: path)
            let waiter = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 10)
            try holder.beginTransaction()
            #expect(throws: DatabaseError.self) { try waiter.transaction(.deferred) {} }
            #expect(try waiter.queryOne("PRAGMA synchronous")?[0].int64 == 2)
            try holder.executeScript("ROLLBACK")
        }
    }

    /// Two processes' worth of writers on one file: each waits out the other's lock.
    @Test func twoWritersOnOneFileBothSucceed() async throws {
        try await TestDatabase.with(.sqlite, migrated: false) { test in
            guard case .sqlite(let path) = test.location else { return }
            try await test.database.write { try $0.executeScript("CREATE TABLE counter (id TEXT PRIMARY KEY, n INTEGER)") }
            let second = try SQLiteDatabase(path: path)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (name, database) in [("a", test.database), ("b", second as any Database)] {
                    group.addTask {
                        for index in 0..<100 {
                            try await database.transaction { connection in
                                try connection.execute("INSERT INTO counter (id, n) VALUES ($1, $2)", [.text("\(name)\(index)"), .integer(1)])
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let total = try await test.database.read { try $0.queryOne("SELECT count(*) FROM counter")?[0].int64 }
            #expect(total == 200)
            await second.close()
        }
    }

    /// With no busy timeout, a writer that finds the lock taken gets a typed `.busy` error.
    @Test func heldWriteLockGivesBusyError() async throws {
        try await TestDatabase.with(.sqlite, migrated: false) { test in
            guard case .sqlite(let path) = test.location else { return }
            try await test.database.write { try $0.executeScript("CREATE TABLE t (id INTEGER)") }
            let holder = try SQLiteConnection(path: path)
            try holder.beginTransaction()
            try holder.execute("INSERT INTO t (id) VALUES ($1)", [.integer(1)])
            let impatient = try SQLiteDatabase(path: path, busyTimeoutMilliseconds: 0)
            do {
                try await impatient.transaction { try $0.execute("INSERT INTO t (id) VALUES ($1)", [.integer(2)]) }
                Issue.record("the second writer got the lock")
            } catch let error as DatabaseError {
                #expect(error.kind == .busy)
                #expect(error.sqliteCode.map { $0 & 0xFF } == 5)
                #expect(error.isTransient)
            }
            try holder.executeScript("COMMIT")
            try await impatient.transaction { try $0.execute("INSERT INTO t (id) VALUES ($1)", [.integer(2)]) }
            await impatient.close()
        }
    }

    @Test func unopenablePathIsAConnectionError() throws {
        do {
            _ = try SQLiteDatabase(path: "/nonexistent-folder-\(UUID().uuidString)/mirror.sqlite3")
            Issue.record("opened a file in a folder that does not exist")
        } catch let error as DatabaseError {
            #expect(error.kind == .connectionFailed)
            #expect(error.description.contains("nonexistent-folder"))
        }
    }
}
