import Foundation
import Store
import TestSupport
import Testing

/// The store's contract, the same on both databases.
@Suite struct DatabaseConnectionTests {
    /// A scratch table with one column of each kind the mirror stores.
    static func createScratch(_ connection: any DatabaseConnection) throws {
        let blob = connection.dialect == .postgres ? "bytea" : "BLOB"
        let real = connection.dialect == .postgres ? "double precision" : "REAL"
        let bool = connection.dialect == .postgres ? "boolean" : "INTEGER"
        try connection.executeScript("""
            CREATE TABLE scratch (id TEXT PRIMARY KEY, n BIGINT, r \(real), t TEXT, b \(blob), flag \(bool))
            """)
    }

    @Test(arguments: TestDatabaseKind.available)
    func valuesRoundTrip(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let texts = ["", "plain", "Zoë Ångström", "日本語のテキスト", "emoji 🧑🏽‍💻 and combining e\u{301}",
                         "'); drop table users; --", "quote ' and \" and \\ and $1 and ?1", "line\nbreak\ttab"]
            let integers: [Int64] = [0, 1, -1, .max, .min, 1_700_690_400_000]
            let blobs: [[UInt8]] = [[], [0], [0, 255, 0, 1], Array(0...255)]
            let rows = try await test.database.write { connection in
                try Self.createScratch(connection)
                var index = 0
                for text in texts {
                    for (integer, blob) in zip(integers, blobs + blobs) {
                        index += 1
                        try connection.execute(
                            "INSERT INTO scratch (id, n, r, t, b, flag) VALUES ($1, $2, $3, $4, $5, $6)",
                            [.text("row\(index)"), .integer(integer), .real(Double(integer) / 3), .text(text), .blob(blob),
                             .integer(integer > 0 ? 1 : 0)])
                    }
                }
                return try connection.query("SELECT id, n, r, t, b, flag FROM scratch ORDER BY n, id", [])
            }
            #expect(rows.count == texts.count * integers.count)
            var index = 0
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"].string!, $0) })
            for text in texts {
                for (integer, blob) in zip(integers, blobs + blobs) {
                    index += 1
                    let row = try #require(byID["row\(index)"])
                    #expect(row["n"] == .integer(integer))
                    #expect(row["r"].double == Double(integer) / 3)
                    #expect(row["t"] == .text(text))
                    #expect(row["b"] == .blob(blob))
                    #expect(row["flag"] == .integer(integer > 0 ? 1 : 0))
                }
            }
            // The hostile string was a value, not SQL: the table is still there.
            let count = try await test.database.read { try $0.queryOne("SELECT count(*) FROM scratch")?[0].int64 }
            #expect(count == Int64(texts.count * integers.count))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func nullsRoundTrip(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let row = try await test.database.write { connection in
                try Self.createScratch(connection)
                try connection.execute("INSERT INTO scratch (id, n, r, t, b, flag) VALUES ($1, $2, $3, $4, $5, $6)",
                                       [.text("nulls"), .null, .null, .null, .null, .null])
                return try connection.queryOne("SELECT n, r, t, b, flag FROM scratch WHERE id = $1", [.text("nulls")])
            }
            let values = try #require(row).values
            #expect(values == [.null, .null, .null, .null, .null])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func largeValuesRoundTrip(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let text = String(repeating: "0123456789abcdef", count: 65_536) // 1 MiB
            var generator = SystemRandomNumberGenerator()
            let blob = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let row = try await test.database.write { connection in
                try Self.createScratch(connection)
                try connection.execute("INSERT INTO scratch (id, t, b) VALUES ($1, $2, $3)", [.text("big"), .text(text), .blob(blob)])
                return try connection.queryOne("SELECT t, b FROM scratch WHERE id = $1", [.text("big")])
            }
            #expect(row?["t"] == .text(text))
            #expect(row?["b"] == .blob(blob))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func placeholdersOutOfOrderBindByNumber(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let row = try await test.database.read { connection in
                try connection.queryOne("SELECT $2 || '-' || $1 AS joined, '$1 stays' AS literal", [.text("first"), .text("second")])
            }
            #expect(row?["joined"] == .text("second-first"))
            #expect(row?["literal"] == .text("$1 stays"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func transactionRollsBackWhenBodyThrows(kind: TestDatabaseKind) async throws {
        struct Abort: Error {}
        try await TestDatabase.with(kind, migrated: false) { test in
            try await test.database.write { try Self.createScratch($0) }
            await #expect(throws: Abort.self) {
                try await test.database.transaction { connection in
                    try connection.execute("INSERT INTO scratch (id) VALUES ($1)", [.text("doomed")])
                    throw Abort()
                }
            }
            // A failing statement half-way rolls back the statements before it as well.
            await #expect(throws: DatabaseError.self) {
                try await test.database.transaction { connection in
                    try connection.execute("INSERT INTO scratch (id) VALUES ($1)", [.text("also doomed")])
                    try connection.execute("INSERT INTO missing_table (id) VALUES ($1)", [.text("x")])
                }
            }
            let count = try await test.database.read { try $0.queryOne("SELECT count(*) FROM scratch")?[0].int64 }
            #expect(count == 0)
            // The connection is usable after the rollback.
            try await test.database.transaction { try $0.execute("INSERT INTO scratch (id) VALUES ($1)", [.text("kept")]) }
            let kept = try await test.database.read { try $0.queryOne("SELECT count(*) FROM scratch")?[0].int64 }
            #expect(kept == 1)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func uniqueViolationIsTypedAndKeepsValuesOutOfTheDescription(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let secret = "user_SECRET_VALUE_123"
            try await test.database.write { connection in
                try Self.createScratch(connection)
                try connection.execute("INSERT INTO scratch (id) VALUES ($1)", [.text(secret)])
            }
            do {
                try await test.database.write { connection in
                    try connection.execute("INSERT INTO scratch (id) VALUES ($1)", [.text(secret)])
                }
                Issue.record("the duplicate insert succeeded")
            } catch let error as DatabaseError {
                #expect(error.kind == .uniqueViolation)
                switch kind {
                case .sqlite: #expect(error.sqliteCode == 1555 || error.sqliteCode == 2067)
                case .postgres: #expect(error.sqlState == "23505")
                }
                #expect(!error.description.contains(secret))
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func invalidStatementIsTyped(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            do {
                _ = try await test.database.read { try $0.query("SELECT * FROM no_such_table", []) }
                Issue.record("the query succeeded")
            } catch let error as DatabaseError {
                #expect(error.kind == .invalidStatement)
                #expect(error.isTransient == false)
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func wrongArgumentCountIsAnError(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            await #expect(throws: DatabaseError.self) {
                _ = try await test.database.read { try $0.query("SELECT $1 AS a, $2 AS b", [.text("only one")]) }
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func manyConcurrentCallersShareThePool(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            try await test.database.write { try Self.createScratch($0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        _ = try await test.database.transaction { connection in
                            try connection.execute("INSERT INTO scratch (id, n) VALUES ($1, $2)", [.text("c\(index)"), .integer(Int64(index))])
                        }
                    }
                }
                try await group.waitForAll()
            }
            let sum = try await test.database.read { try $0.queryOne("SELECT sum(n) FROM scratch")?[0].int64 }
            #expect(sum == Int64((0..<200).reduce(0, +)))
        }
    }
}
