import Foundation
@testable import Store
import TestSupport
import Testing

@Suite(.enabled(if: TestDatabaseKind.available.contains(.postgres)))
struct PostgresDatabaseTests {
    /// A backend killed under the pool: the call in flight gets a typed error, the next call
    /// gets a fresh connection.
    @Test func terminatedBackendIsReplaced() async throws {
        try await TestDatabase.with(.postgres, migrated: false) { test in
            let firstPID = try await test.database.read { connection in
                try connection.queryOne("SELECT pg_backend_pid()")?[0].int64
            }
            let pid = try #require(firstPID)
            let admin = try PostgresConnection(options: PostgresConnectionOptions(url: TestDatabase.postgresURL()))
            try admin.execute("SELECT pg_terminate_backend($1::integer)", [.integer(pid)])
            // Whichever call lands on the dead connection fails with a typed error; the rest work.
            var pids: [Int64] = []
            for _ in 0..<8 {
                do {
                    let next = try await test.database.read { try $0.queryOne("SELECT pg_backend_pid()")?[0].int64 }
                    if let next { pids.append(next) }
                } catch let error as DatabaseError {
                    #expect(error.kind == .connectionFailed)
                }
            }
            #expect(!pids.isEmpty)
            #expect(!pids.contains(pid))
        }
    }

    @Test func singleConnectionPoolReportsTheKillThenRecovers() async throws {
        try await TestDatabase.with(.postgres, migrated: false) { test in
            let database = try PostgresDatabase(url: test.url, poolSize: 1)
            let pid = try #require(try await database.read { try $0.queryOne("SELECT pg_backend_pid()")?[0].int64 })
            let admin = try PostgresConnection(options: PostgresConnectionOptions(url: TestDatabase.postgresURL()))
            try admin.execute("SELECT pg_terminate_backend($1::integer)", [.integer(pid)])
            do {
                _ = try await database.read { try $0.query("SELECT 1", []) }
                Issue.record("a query on a terminated backend succeeded")
            } catch let error as DatabaseError {
                #expect(error.kind == .connectionFailed)
                #expect(error.isTransient)
            }
            let newPID = try await database.read { try $0.queryOne("SELECT pg_backend_pid()")?[0].int64 }
            #expect(newPID != nil && newPID != pid)
            await database.close()
        }
    }

    @Test func unreachableServerNamesHostAndPortButNotThePassword() async throws {
        let database = try PostgresDatabase(url: "postgres://mirror:hunter2secret@127.0.0.1:1/mirror?connect_timeout=2")
        do {
            _ = try await database.read { try $0.query("SELECT 1", []) }
            Issue.record("connected to port 1")
        } catch let error as DatabaseError {
            #expect(error.kind == .connectionFailed)
            #expect(error.description.contains("127.0.0.1:1"))
            #expect(!error.description.contains("hunter2secret"))
        }
        await database.close()
    }

    @Test func commitsAreSynchronous() async throws {
        try await TestDatabase.with(.postgres, migrated: false) { test in
            let setting = try await test.database.read { try $0.queryOne("SHOW synchronous_commit")?[0].string }
            #expect(setting == "on")
        }
    }

    /// A deferred commit turns synchronous_commit off for its own transaction only.
    @Test func deferredCommitIsAsynchronousForItsTransactionOnly() async throws {
        try await TestDatabase.with(.postgres, migrated: false) { test in
            let (inside, after, rows) = try await test.database.write { connection in
                try connection.executeScript("CREATE TABLE t (a integer)")
                let inside = try connection.transaction(.deferred) {
                    try connection.execute("INSERT INTO t (a) VALUES (1)", [])
                    return try connection.queryOne("SHOW synchronous_commit")?[0].string
                }
                let after = try connection.queryOne("SHOW synchronous_commit")?[0].string
                let rows = try connection.queryOne("SELECT count(*) FROM t")?[0].int64
                return (inside, after, rows)
            }
            #expect(inside == "off")
            #expect(after == "on")
            #expect(rows == 1)
        }
    }
}

/// Which statements keep PostgreSQL's cached plan: plain inserts only.
@Suite struct PostgresPlanChoiceTests {
    @Test(arguments: [
        ("INSERT INTO t (a) VALUES ($1)", true),
        ("\n    insert into t (a) values ($1) ON CONFLICT (a) DO NOTHING", true),
        ("INSERT INTO t (a) SELECT a FROM u WHERE id = $1", false),
        ("SELECT id FROM users WHERE id = $1", false),
        ("UPDATE users SET seen_run = $1 WHERE id = $2", false),
        ("DELETE FROM sessions WHERE user_id = $1", false),
        ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", false),
    ])
    func onlyPlainInsertsKeepOnePlan(sql: String, keeps: Bool) {
        #expect(PostgresConnection.keepsOnePlan(sql) == keeps)
    }
}
