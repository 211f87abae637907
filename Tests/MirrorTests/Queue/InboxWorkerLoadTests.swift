import Foundation
import Logging
@testable import Mirror
import Store
import TestSupport
import Testing

/// The queue under load: thousands of events, several workers.
@Suite struct InboxWorkerLoadTests {
    /// Two workers with their own connections (as two processes would have) share 20,000
    /// events on PostgreSQL: every row applied exactly once.
    @Test(.enabled(if: TestDatabaseKind.available.contains(.postgres)))
    func twoWorkersShareTheWorkWithoutDoubleApplying() async throws {
        try await TestDatabase.with(.postgres) { (test: TestDatabase) async throws in
            var events: [EventHistory.Event] = []
            for index in 0..<20_000 {
                let user = Fixtures.quickUser(id: "user_\(index % 2000)", updatedAt: 1_000_000 + Int64(index), email: "u\(index % 2000)@example.com")
                events.append(.init(svixID: "msg_\(index)", type: "user.updated", payload: Fixtures.event("user.updated", data: user)))
            }
            try await InboxWorkerTests.enqueue(events, into: test.database)
            let second = try test.location.open(poolSize: 2)
            let workers = [InboxWorker(database: test.database, logger: .disabled), InboxWorker(database: second, logger: .disabled)]
            let handled = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in workers {
                    group.addTask {
                        var total = 0
                        while true {
                            let count = try await worker.drainOnce()
                            if count == 0 { return total }
                            total += count
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(handled.reduce(0, +) == 20_000, "each row claimed by exactly one worker")
            #expect(handled.allSatisfy { $0 > 0 }, "both workers took part: \(handled)")
            let attempts = try await test.database.read {
                try $0.queryOne("SELECT count(*) AS rows, max(attempts) AS most, min(attempts) AS least FROM webhook_inbox WHERE state = 'done'")
            }
            #expect(attempts?["rows"] == .integer(20_000))
            #expect(attempts?["most"] == .integer(1), "no row applied twice")
            #expect(attempts?["least"] == .integer(1))
            let newest = try await test.database.read { try $0.queryOne("SELECT max(updated_at), count(*) FROM users") }
            #expect(newest?[0] == .integer(1_000_000 + 19_999))
            #expect(newest?[1] == .integer(2000))
            await second.close()
        }
    }
}
