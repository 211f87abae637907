import Foundation
import Store
import TestSupport

/// Holds the write lock on `webhook_inbox` from outside the mirror, to make its store stall.
/// SQLite: an open `BEGIN IMMEDIATE` on the test's own writer. PostgreSQL: `LOCK TABLE` in a
/// transaction on a connection of its own (the pool could hand a later call another one).
struct WriteLock: Sendable {
    let test: TestDatabase
    let connection: PostgresHolder?

    /// A PostgreSQL connection used from one serial queue, off the cooperative pool.
    final class PostgresHolder: @unchecked Sendable {
        private let queue = DispatchQueue(label: "write-lock")
        private let connection: PostgresConnection

        init(url: String) throws {
            connection = try PostgresConnection(options: PostgresConnectionOptions(url: url))
        }

        func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { continuation.resume(with: Result { try body(self.connection) }) }
            }
        }
    }

    static func take(_ test: TestDatabase) async throws -> WriteLock {
        switch test.kind {
        case .sqlite:
            try await test.database.write { try $0.executeScript("BEGIN IMMEDIATE") }
            return WriteLock(test: test, connection: nil)
        case .postgres:
            let holder = try await Task.detached { try PostgresHolder(url: test.url) }.value
            try await holder.run { try $0.executeScript("BEGIN; LOCK TABLE webhook_inbox IN ACCESS EXCLUSIVE MODE") }
            return WriteLock(test: test, connection: holder)
        }
    }

    /// Returns once another session waits on the lock (PostgreSQL tells; SQLite cannot, so
    /// this gives the delivery a moment, well inside SQLite's 5 s busy timeout).
    func waitForWaiter() async throws {
        guard let connection else {
            try await Task.sleep(for: .milliseconds(500))
            return
        }
        try await EndToEnd.eventually("a session waiting on the lock") {
            try await connection.run { connection in
                try connection.query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'", [])
                    .first?[0].int64 ?? 0
            } > 0
        }
    }

    func release() async throws {
        if let connection {
            try await connection.run { try $0.executeScript("ROLLBACK") }
        } else {
            try await test.database.write { try $0.executeScript("ROLLBACK") }
        }
    }
}
