import Foundation
@testable import Store
import TestSupport
import Testing

/// Each connection keeps a bounded number of prepared statements: multi-row statements come
/// in a shape per row count, and a connection lives as long as the process.
@Suite struct StatementCacheTests {
    @Test(arguments: TestDatabaseKind.available)
    func manyShapesKeepTheCacheBoundedAndResultsRight(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let (total, cached) = try await test.database.write { connection -> (Int64, Int) in
                try connection.executeScript("CREATE TABLE shapes (id BIGINT PRIMARY KEY, rows BIGINT)")
                var next: Int64 = 0
                // 600 shapes, then the first ones again (re-prepared after the cache started over).
                for rows in Array(1...600) + Array(1...20) {
                    let values = (0..<rows).map { "($\($0 * 2 + 1), $\($0 * 2 + 2))" }.joined(separator: ", ")
                    var arguments: [SQLValue] = []
                    for _ in 0..<rows {
                        next += 1
                        arguments += [.integer(next), .integer(Int64(rows))]
                    }
                    #expect(try connection.execute("INSERT INTO shapes (id, rows) VALUES \(values)", arguments) == rows)
                }
                let total = try connection.queryOne("SELECT count(*) FROM shapes")?[0].int64 ?? -1
                let cached = (connection as? SQLiteConnection)?.cachedStatementCount
                    ?? (connection as? PostgresConnection)?.preparedStatementCount ?? -1
                return (total, cached)
            }
            #expect(total == Int64((1...600).reduce(0, +) + (1...20).reduce(0, +)))
            #expect(cached > 0)
            #expect(cached <= 512)
        }
    }
}
