import Foundation
import Logging
@testable import Mirror
import Store
import TestSupport
import Testing

@Suite struct InboxWriterTests {
    static func delivery(_ id: String, type: String = "user.updated", state: InboundDelivery.State = .pending) -> InboundDelivery {
        InboundDelivery(svixID: id, eventType: type, receivedAt: 1_700_000_000_000,
                        payload: Array("{\"type\":\"\(type)\",\"data\":{\"id\":\"\(id)\"}}".utf8), state: state, lastError: nil)
    }

    static func rows(_ database: any Database) async throws -> [Row] {
        try await database.read { try $0.query("SELECT svix_id, event_type, payload, state, attempts, last_error FROM webhook_inbox ORDER BY svix_id", []) }
    }

    @Test(arguments: TestDatabaseKind.available)
    func storesOnceAndReportsDuplicates(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let writer = InboxWriter(database: test.database)
            let delivery = Self.delivery("msg_1")
            #expect(try await writer.store(delivery) == .stored)
            #expect(try await writer.store(delivery) == .duplicate)
            let rows = try await Self.rows(test.database)
            #expect(rows.count == 1)
            #expect(rows.first?["payload"] == .blob(delivery.payload))
            #expect(rows.first?["state"] == .text("pending"))
        }
    }

    /// Many concurrent deliveries share commits; every caller hears its own outcome; the
    /// table holds each id once.
    @Test(arguments: TestDatabaseKind.available)
    func concurrentDeliveriesShareCommits(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let commits = CommitCounter()
            let writer = InboxWriter(database: test.database) { _ in commits.increment() }
            let outcomes = try await withThrowingTaskGroup(of: InboxWriter.Outcome.self) { group in
                for index in 0..<1000 {
                    group.addTask { try await writer.store(Self.delivery("msg_\(index % 500)")) }
                }
                return try await group.reduce(into: [InboxWriter.Outcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .stored }.count == 500)
            #expect(outcomes.filter { $0 == .duplicate }.count == 500)
            #expect(try await Self.rows(test.database).count == 500)
            #expect(commits.value < 1000, "expected grouped commits, saw \(commits.value)")
        }
    }

    /// One batch, several multi-row statements: a repeat within the batch and an id stored
    /// before are duplicates; every other row is stored once, with its own fields.
    @Test(arguments: TestDatabaseKind.available)
    func batchInsertTellsEachDeliveryItsOutcome(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            _ = try await InboxWriter(database: test.database).store(Self.delivery("msg_old"))
            let count = InboxWriter.rowsPerStatement * 2 + 3
            var batch = (0..<count).map { Self.delivery("msg_\($0)", state: $0 % 7 == 0 ? .ignored : .pending) }
            batch.insert(Self.delivery("msg_5"), at: 200)
            batch.append(Self.delivery("msg_old"))
            let deliveries = batch
            let outcomes = try await test.database.transaction { try InboxWriter.insert(deliveries, $0) }
            #expect(outcomes.count == batch.count)
            #expect(outcomes[200] == .duplicate)
            #expect(outcomes.last == .duplicate)
            #expect(outcomes.filter { $0 == .stored }.count == count)
            let rows = try await Self.rows(test.database)
            #expect(rows.count == count + 1)
            let ignored = rows.filter { $0["state"] == .text("ignored") }.compactMap { $0["svix_id"].string }
            #expect(Set(ignored) == Set(stride(from: 0, to: count, by: 7).map { "msg_\($0)" }))
            #expect(rows.allSatisfy { $0["payload"].bytes == Self.delivery($0["svix_id"].string ?? "").payload })
        }
    }

    /// On PostgreSQL every commit that stored rows is announced to listeners in other
    /// processes (here another connection), so their workers wake.
    @Test(.enabled(if: TestDatabaseKind.available.contains(.postgres)))
    func storedRowsAreAnnouncedToOtherProcesses() async throws {
        try await TestDatabase.with(.postgres) { test in
            let heard = Mutex(0)
            let listener = PostgresListener(options: try PostgresConnectionOptions(url: test.url), channel: InboxWriter.channel,
                                            logger: .disabled) { heard.withLock { $0 += 1 } }
            listener.start()
            let writer = InboxWriter(database: test.database)
            var index = 0
            let started = ContinuousClock.now
            // A NOTIFY sent before the listener's LISTEN ran is lost: store until one is heard.
            while heard.withLock({ $0 }) == 0, ContinuousClock.now - started < .seconds(10) {
                #expect(try await writer.store(Self.delivery("msg_\(index)")) == .stored)
                index += 1
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(heard.withLock { $0 } > 0)
            // A commit right after an announced one (within the 50 ms between NOTIFYs) is
            // announced once the queue runs dry, not left to the peers' idle wait.
            func storeAndHear(_ id: String) async throws -> Bool {
                let before = heard.withLock { $0 }
                #expect(try await writer.store(Self.delivery(id)) == .stored)
                let storedAt = ContinuousClock.now
                while heard.withLock({ $0 }) == before, ContinuousClock.now - storedAt < .seconds(2) {
                    try await Task.sleep(for: .milliseconds(1))
                }
                return heard.withLock { $0 } > before
            }
            #expect(try await storeAndHear("msg_announced"))
            #expect(try await storeAndHear("msg_right_after"))
            await listener.stop()
        }
    }

    /// A commit that fails answers every waiting caller with the error and leaves no row.
    @Test(arguments: TestDatabaseKind.available)
    func failedCommitLeavesNoRowAndThrows(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            // A trigger-free way to make the commit fail: drop the table under the writer.
            try await test.database.write { try $0.executeScript("ALTER TABLE webhook_inbox RENAME TO webhook_inbox_away") }
            let writer = InboxWriter(database: test.database)
            await #expect(throws: DatabaseError.self) { try await writer.store(Self.delivery("msg_lost")) }
            try await test.database.write { try $0.executeScript("ALTER TABLE webhook_inbox_away RENAME TO webhook_inbox") }
            #expect(try await Self.rows(test.database).isEmpty)
            // The same delivery retried (as Svix would) is stored.
            #expect(try await writer.store(Self.delivery("msg_lost")) == .stored)
        }
    }

    @Test func classifiesBodies() {
        let now: Int64 = 1
        #expect(InboundDelivery.classify(svixID: "a", body: Array(#"{"type":"user.created","data":{"id":"u"}}"#.utf8), receivedAt: now).state == .pending)
        #expect(InboundDelivery.classify(svixID: "a", body: Array(#"{"type":"organization.created","data":{}}"#.utf8), receivedAt: now).state == .ignored)
        let notJSON = InboundDelivery.classify(svixID: "a", body: Array("not json".utf8), receivedAt: now)
        #expect(notJSON.state == .dead)
        #expect(notJSON.lastError != nil)
        #expect(InboundDelivery.classify(svixID: "a", body: Array(#"{"data":{}}"#.utf8), receivedAt: now).state == .dead)
        #expect(InboundDelivery.classify(svixID: "a", body: Array(#"{"type":"user.created","data":[]}"#.utf8), receivedAt: now).state == .dead)
        #expect(InboundDelivery.classify(svixID: "a", body: Array("[1,2]".utf8), receivedAt: now).state == .dead)
    }
}

final class CommitCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

import Synchronization
