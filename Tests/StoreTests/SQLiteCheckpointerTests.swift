import Foundation
@testable import Store
import Testing

@Suite struct SQLiteCheckpointerTests {
    /// ~20 MB written in 100 commits: the checkpoints run on the checkpointer's connection, the
    /// WAL is restarted instead of growing to the backstop, and nothing written is missing.
    @Test func checkpointsRunBesideTheWriterAndKeepTheWALSmall() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clerk-mirror-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mirror.sqlite3").path
        let database = try SQLiteDatabase(path: path)
        try await database.write { try $0.executeScript("CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        let body = SQLValue.blob([UInt8](repeating: 0x5A, count: 4_000))
        var largestWAL = 0
        for transaction in 0..<100 {
            try await database.transaction { connection in
                for row in 0..<50 {
                    try connection.execute("INSERT INTO pages (id, body) VALUES ($1, $2)",
                                           [.integer(Int64(transaction * 50 + row)), body])
                }
            }
            let size = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
            largestWAL = max(largestWAL, size ?? 0)
            // Room for the checkpointer, as a writer that is not saturated leaves it.
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(database.checkpointer.checkpointsRun >= 1, "no checkpoint completed on the checkpointer's connection")
        // The backstop (10,000 pages) would allow ~40 MB; a restarted WAL stays near the 1,000-page threshold.
        #expect(largestWAL < Int(SQLiteCheckpointer.backstopPages) * 4096 / 2, "the WAL grew to \(largestWAL) bytes")
        let rows = try await database.read { try $0.queryOne("SELECT count(*) FROM pages")?[0].int64 }
        #expect(rows == 5_000)
        await database.close()
        // The last close folds the WAL into the file; a fresh open sees every row.
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let reopened = try SQLiteDatabase(path: path)
        #expect(try await reopened.read { try $0.queryOne("SELECT count(*) FROM pages")?[0].int64 } == 5_000)
        await reopened.close()
    }
}
