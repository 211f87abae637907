import Foundation
import Logging
@testable import Mirror
import Store
import TestSupport
import Testing

@Suite struct InboxWorkerTests {
    static func enqueue(_ events: [EventHistory.Event], into database: any Database) async throws {
        let writer = InboxWriter(database: database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: events.count, by: max(1, events.count / 8)).map({ Array(events[$0..<min($0 + max(1, events.count / 8), events.count)]) }) {
                group.addTask {
                    for event in chunk {
                        _ = try await writer.store(InboundDelivery.classify(svixID: event.svixID, body: event.payload, receivedAt: 1))
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// `user.created` for `user_0` ... `user_<count - 1>`, delivered as `msg_0` ...
    static func createdEvents(_ count: Int) -> [EventHistory.Event] {
        (0..<count).map { index in
            .init(svixID: "msg_\(index)", type: "user.created",
                  payload: Fixtures.event("user.created", data: Fixtures.user(id: "user_\(index)", updatedAt: 1000)))
        }
    }

    static func drain(_ worker: InboxWorker) async throws {
        while try await worker.drainOnce() > 0 {}
    }

    static func inboxStates(_ database: any Database) async throws -> [String: Int64] {
        try await database.read { connection in
            var states: [String: Int64] = [:]
            for row in try connection.query("SELECT state, count(*) AS n FROM webhook_inbox GROUP BY state", []) {
                states[row["state"].string!] = row["n"].int64!
            }
            return states
        }
    }

    /// 200 users' random histories, shuffled and partly duplicated, end exactly as applying
    /// them in true order would; deleted users stay deleted.
    @Test(arguments: TestDatabaseKind.available)
    func shuffledHistoriesWithDuplicatesConverge(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let history = EventHistory(users: 200, seed: 42)
            try await Self.enqueue(history.deliveries(duplicateShare: 0.3, seed: 7), into: test.database)
            let worker = InboxWorker(database: test.database, logger: .disabled)
            try await Self.drain(worker)
            let actual = try await MirrorState.read(test.database)
            let expected = MirrorState.expected(history)
            #expect(actual.users.count == expected.users.count)
            #expect(actual.tombstones == expected.tombstones)
            #expect(actual.users == expected.users)
            #expect(actual.sessions == expected.sessions)
            #expect(actual.emails == expected.emails)
            #expect(try await Self.inboxStates(test.database) == ["done": Int64(history.events.count)])
        }
    }

    /// The claim made while a batch is in hand (still pending until it commits) leaves that
    /// batch's rows out and takes the next ones.
    @Test(arguments: TestDatabaseKind.available)
    func claimAheadSkipsTheBatchInHand(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            try await Self.enqueue(Self.createdEvents(30), into: test.database)
            var configuration = WorkerConfiguration()
            configuration.batchSize = 16
            let worker = InboxWorker(database: test.database, configuration: configuration, logger: .disabled)
            let inHand = try await worker.claim(excluding: [])
            let ahead = try await worker.claim(excluding: inHand.svixIDs)
            #expect(inHand.events.count == 16)
            #expect(ahead.events.count == 14)
            #expect(Set(inHand.svixIDs).isDisjoint(with: ahead.svixIDs))
            #expect(try await Self.inboxStates(test.database) == ["pending": 30], "a claim applies nothing")
        }
    }

    /// The running worker claims and parses its next batch while the writer applies the one
    /// in hand. With small batches, so that nearly every batch was read ahead, the same kind
    /// of histories converge and no row is applied twice.
    @Test(arguments: TestDatabaseKind.available)
    func runningWorkerReadingAheadConverges(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let history = EventHistory(users: 200, seed: 43)
            try await Self.enqueue(history.deliveries(duplicateShare: 0.3, seed: 8), into: test.database)
            var configuration = WorkerConfiguration()
            configuration.batchSize = 16
            let worker = InboxWorker(database: test.database, configuration: configuration, logger: .disabled)
            let running = Task { await worker.run() }
            for _ in 0..<600 where try await Self.inboxStates(test.database)["pending"] != nil {
                try await Task.sleep(for: .milliseconds(50))
            }
            worker.stop()
            await running.value
            let actual = try await MirrorState.read(test.database)
            let expected = MirrorState.expected(history)
            #expect(actual.tombstones == expected.tombstones)
            #expect(actual.users == expected.users)
            #expect(actual.sessions == expected.sessions)
            #expect(actual.emails == expected.emails)
            #expect(try await Self.inboxStates(test.database) == ["done": Int64(history.events.count)])
            let most = try await test.database.read { try $0.queryOne("SELECT max(attempts) FROM webhook_inbox")?[0].int64 }
            #expect(most == 1, "no row applied twice")
        }
    }

    /// A poison event is retried and then dead-lettered while the events around it apply;
    /// replay puts it back in the queue.
    @Test(arguments: TestDatabaseKind.available)
    func poisonEventIsDeadLetteredWhileOthersApply(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            var events = InboxWorkerTests.createdEvents(50)
            let poison = Fixtures.event("user.updated", data: Fixtures.json([("id", "user_poison"), ("object", "user"), ("created_at", 1)]))
            events.insert(.init(svixID: "msg_poison", type: "user.updated", payload: poison), at: 25)
            try await Self.enqueue(events, into: test.database)
            var configuration = WorkerConfiguration()
            configuration.maxAttempts = 3
            configuration.baseBackoff = .milliseconds(1)
            configuration.maximumBackoff = .milliseconds(2)
            let worker = InboxWorker(database: test.database, configuration: configuration, logger: .disabled)
            for _ in 0..<20 {
                try await Self.drain(worker)
                if try await Self.inboxStates(test.database)["pending"] == nil { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(try await Self.inboxStates(test.database) == ["done": 50, "dead": 1])
            let letters = DeadLetters(database: test.database)
            let dead = try await letters.list()
            #expect(dead.map(\.svixID) == ["msg_poison"])
            #expect(dead.first?.attempts == 3)
            #expect(dead.first?.lastError == "user user_poison has no updated_at")
            #expect(try await letters.replay(["msg_poison", "msg_unknown"]) == 1)
            #expect(try await Self.inboxStates(test.database) == ["done": 50, "pending": 1])
            let row = try await test.database.read { try $0.queryOne("SELECT attempts FROM webhook_inbox WHERE svix_id = 'msg_poison'") }
            #expect(row?[0] == .integer(0))
        }
    }

    /// A worker that claimed a batch and died: its claim lapses and another worker applies
    /// the rows. (On SQLite the one process resets claims when it starts.)
    @Test(arguments: TestDatabaseKind.available)
    func crashedWorkersClaimIsTakenOver(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let events = InboxWorkerTests.createdEvents(30)
            try await Self.enqueue(events, into: test.database)
            // The dead worker's claim: far in the future on SQLite (only a restart clears it),
            // half a second on PostgreSQL (the lease).
            let claimedUntil = Int64(Date().timeIntervalSince1970 * 1000) + (kind == .sqlite ? 3_600_000 : 500)
            try await test.database.write { try $0.execute("UPDATE webhook_inbox SET claimed_until = $1", [.integer(claimedUntil)]) }
            let worker = InboxWorker(database: test.database, logger: .disabled)
            if kind == .postgres {
                #expect(try await worker.drainOnce() == 0, "a live claim is not taken")
                try await Task.sleep(for: .milliseconds(600))
            }
            let running = Task { await worker.run() }
            for _ in 0..<100 where try await Self.inboxStates(test.database) != ["done": 30] {
                try await Task.sleep(for: .milliseconds(50))
            }
            worker.stop()
            await running.value
            #expect(try await Self.inboxStates(test.database) == ["done": 30])
        }
    }

    /// The running worker applies a newly stored row promptly when woken.
    @Test(arguments: TestDatabaseKind.available)
    func wakeUpAppliesNewRowsPromptly(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            var configuration = WorkerConfiguration()
            configuration.idleWait = .seconds(30)
            let worker = InboxWorker(database: test.database, configuration: configuration, logger: .disabled)
            let running = Task { await worker.run() }
            try await Task.sleep(for: .milliseconds(100))
            let writer = InboxWriter(database: test.database) { _ in worker.wakeUp() }
            let started = ContinuousClock.now
            _ = try await writer.store(InboundDelivery.classify(
                svixID: "msg_1", body: Fixtures.event("user.created", data: Fixtures.user(id: "user_1", updatedAt: 1)), receivedAt: 1))
            var applied = false
            while !applied, ContinuousClock.now - started < .seconds(10) {
                applied = try await EventApplierTests.user(test.database, "user_1") != nil
                if !applied { try await Task.sleep(for: .milliseconds(10)) }
            }
            worker.stop()
            await running.value
            #expect(applied)
            #expect(ContinuousClock.now - started < .seconds(5), "woken, not waiting out the 30 s idle wait")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func retentionPrunesOnlyOldFinishedRows(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let day: Int64 = 86_400_000
            let now = Date(timeIntervalSince1970: 100 * 86_400)
            try await test.database.transaction { connection in
                for (id, state, age) in [("old_done", "done", 8), ("old_ignored", "ignored", 8), ("old_dead", "dead", 8),
                                         ("old_pending", "pending", 8), ("new_done", "done", 1)] {
                    try connection.execute("""
                        INSERT INTO webhook_inbox (svix_id, received_at, payload, state, next_attempt_at) VALUES ($1, $2, $3, $4, 0)
                        """, [.text(id), .integer(100 * day - Int64(age) * day), .blob([1]), .text(state)])
                }
            }
            let removed = try await InboxRetention(database: test.database).prune(olderThan: .seconds(7 * 86_400), now: now)
            #expect(removed == 2)
            let left = try await test.database.read { try $0.query("SELECT svix_id FROM webhook_inbox ORDER BY svix_id", []).map { $0[0].string! } }
            #expect(left == ["new_done", "old_dead", "old_pending"])
        }
    }
}
