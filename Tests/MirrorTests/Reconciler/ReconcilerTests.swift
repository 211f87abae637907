import ClerkAPI
import FakeClerk
import Foundation
@testable import Mirror
import Store
import TestSupport
import Testing

/// The reconciler against `fake-clerk`, on both databases.
@Suite struct ReconcilerTests {
    @Test(arguments: TestDatabaseKind.available)
    func emptyMirrorGetsEveryUserAsTheSourceHasIt(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 10_000) { harness in
            let run = try await harness.reconciler.run(.full, trigger: "test")
            #expect(run.state == .complete, "\(run.error ?? "")")
            #expect(run.usersSeen == 10_000)
            #expect(run.created == 10_000)
            #expect(run.deleted == 0)
            #expect(run.pages == 21, "twenty full pages, then the empty one that ends the walk")
            #expect(run.upstreamCount == 10_000)
            let (equal, detail) = try await harness.mirrorEqualsUpstream()
            #expect(equal, "\(detail)")
            // A second pass over an unchanged instance changes nothing.
            let again = try await harness.reconciler.run(.full, trigger: "test")
            #expect(again.state == .complete)
            #expect(again.created == 0 && again.updated == 0 && again.deleted == 0)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func driftIsRepaired(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 1_200) { harness in
            #expect(try await harness.reconciler.run(.full, trigger: "test").state == .complete)
            let ids = harness.clerk.liveUserIDs()
            for id in ids[10..<15] { harness.clerk.updateUser(id: id) }
            for id in ids[100..<104] { harness.clerk.deleteUser(id: id) }
            let created = (0..<3).map { _ in harness.clerk.createUser() }
            // A row damaged locally, its version unchanged.
            let damaged = ids[500]
            try await harness.test.database.write { connection in
                _ = try connection.execute("UPDATE users SET raw = $1, first_name = 'damaged' WHERE id = $2",
                                           [.text(#"{"id":"\#(damaged)","damaged":true}"#), .text(damaged)])
            }
            let run = try await harness.reconciler.run(.full, trigger: "test")
            #expect(run.state == .complete, "\(run.error ?? "")")
            #expect(run.created == 3)
            #expect(run.updated == 6, "five updated upstream and one repaired")
            #expect(run.deleted == 4)
            let (equal, detail) = try await harness.mirrorEqualsUpstream()
            #expect(equal, "\(detail)")
            #expect(try await harness.count("SELECT count(*) FROM user_tombstones") == 4)
            #expect(try await harness.count("SELECT count(*) FROM users WHERE first_name = 'damaged'") == 0)
            _ = created
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func persistentServerErrorHalfwayDeletesNothingAndFails(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 2_000) { harness in
            #expect(try await harness.reconciler.run(.full, trigger: "test").state == .complete)
            for id in harness.clerk.liveUserIDs().prefix(20) { harness.clerk.deleteUser(id: id) }
            // The count and a page or two answer; everything after is a 500.
            var faults = harness.clerk.faults
            faults.failFromRequest = harness.clerk.requests.count + 4
            harness.clerk.faults = faults
            let run = try await harness.reconciler.run(.full, trigger: "test")
            #expect(run.state == .failed)
            #expect(run.error?.contains("500") == true, "\(run.error ?? "")")
            #expect(run.deleted == 0)
            #expect(run.pages >= 1 && run.pages < 4, "stopped half-way, after \(run.pages) pages")
            #expect(try await harness.count("SELECT count(*) FROM users") == 2_000, "nothing deleted after a failed pass")
            #expect(try await harness.count("SELECT count(*) FROM user_tombstones") == 0)
            let recorded = try await SyncRunStore(database: harness.test.database).run(id: run.id)
            #expect(recorded?.state == .failed)
            #expect(recorded?.finishedAt != nil)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func safetyValveHoldsAgainstAnInstanceWithFewUsers(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 1_500) { harness in
            #expect(try await harness.reconciler.run(.full, trigger: "test").state == .complete)
            // The secret key of another, nearly empty instance.
            let other = FakeClerk(configuration: FakeClerkConfiguration(users: 10, seed: 99))
            _ = try await other.start()
            let wrong = harness.reconciler(reading: other)
            let run = try await wrong.run(.full, trigger: "test")
            await other.shutdown()
            #expect(run.state == .failed)
            #expect(run.deleted == 0)
            #expect(run.error?.contains("CLERK_SECRET_KEY") == true, "\(run.error ?? "")")
            #expect(try await harness.count("SELECT count(*) FROM users") == 1_510, "nothing deleted, the other instance's users added")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func rateLimitStormCompletesWithinTheLimitAndHonoursRetryAfter(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 1_000, rate: 10, configure: { $0.pageSize = 100 }) { harness in
            var faults = harness.clerk.faults
            faults.rateLimit = FakeClerkFaults.RateLimit(requests: 4, per: .seconds(1))
            faults.retryAfterSeconds = 1
            harness.clerk.faults = faults
            let run = try await harness.reconciler.run(.full, trigger: "test")
            #expect(run.state == .complete, "\(run.error ?? "")")
            #expect(try await harness.mirrorEqualsUpstream().equal)
            let requests = harness.clerk.requests
            #expect(requests.contains { $0.status == 429 }, "the storm happened")
            // Never more than the client's 10 per second, in any one-second window.
            let times = requests.map(\.receivedAt)
            for (index, start) in times.enumerated() {
                let inWindow = times[index...].prefix { start.duration(to: $0) < .seconds(1) }.count
                #expect(inWindow <= 11, "\(inWindow) requests within one second")
            }
            // After each 429, nothing is sent until Retry-After has passed.
            for (index, request) in requests.enumerated() where request.status == 429 {
                for later in requests[(index + 1)...] where request.receivedAt.duration(to: later.receivedAt) < .milliseconds(950) {
                    Issue.record("a request \(request.receivedAt.duration(to: later.receivedAt)) after a 429 with Retry-After: 1")
                }
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func usersChangedDuringAPassConvergeOnTheNext(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 3_000) { harness in
            let ids = harness.clerk.liveUserIDs()
            let clerk = harness.clerk
            clerk.onRequest { number, path in
                // While the third request (the second page) is answered: change users on pages
                // already read and not yet read, add one, remove one.
                guard number == 3 else { return }
                clerk.updateUser(id: ids[5])
                clerk.updateUser(id: ids[2_900])
                clerk.deleteUser(id: ids[10])
                clerk.deleteUser(id: ids[2_950])
                clerk.createUser()
            }
            let first = try await harness.reconciler.run(.full, trigger: "test")
            #expect(first.state == .complete, "\(first.error ?? "")")
            clerk.onRequest { _, _ in }
            let second = try await harness.reconciler.run(.full, trigger: "test")
            #expect(second.state == .complete, "\(second.error ?? "")")
            let (equal, detail) = try await harness.mirrorEqualsUpstream()
            #expect(equal, "\(detail)")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func webhookAndReconcilerRacingNeverMoveAUserBackwards(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 2_000) { harness in
            let targets = Array(harness.clerk.liveUserIDs().prefix(300))
            // Webhooks carry versions newer than what the Backend API lists, while a pass runs.
            let pass = Task { try await harness.reconciler.run(.full, trigger: "test") }
            var newest: [String: Int64] = [:]
            for round in 1...3 {
                for (index, id) in targets.enumerated() where index % round == 0 {
                    let version = 4_000_000_000_000 + Int64(round * 1000 + index)
                    newest[id] = version
                    let payload = Fixtures.event("user.updated", data: Fixtures.user(id: id, updatedAt: version, firstName: "Webhook\(round)"))
                    _ = try await harness.test.database.transaction { connection in
                        try EventApplier.apply(type: "user.updated", payload: payload, now: 1, connection)
                    }
                }
            }
            let run = try await pass.value
            #expect(run.state == .complete, "\(run.error ?? "")")
            let stored = try await harness.test.database.read { connection in
                try connection.query("SELECT id, updated_at FROM users", []).reduce(into: [String: Int64]()) {
                    $0[$1["id"].string!] = $1["updated_at"].int64!
                }
            }
            for (id, version) in newest { #expect(stored[id] == version, "\(id)") }
            // And a later pass does not undo them either.
            #expect(try await harness.reconciler.run(.full, trigger: "test").state == .complete)
            let after = try await harness.count("SELECT count(*) FROM users WHERE updated_at >= 4000000000000")
            #expect(after == Int64(newest.count))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func incrementalPassReadsOnlyWhatChanged(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 2_500) { harness in
            #expect(try await harness.reconciler.run(.full, trigger: "test").state == .complete)
            let ids = harness.clerk.liveUserIDs()
            for id in [ids[3], ids[1_000], ids[2_400]] { harness.clerk.updateUser(id: id) }
            let before = harness.clerk.requests.count
            let run = try await harness.reconciler.run(.incremental, trigger: "test")
            #expect(run.kind == .incremental)
            #expect(run.state == .complete, "\(run.error ?? "")")
            #expect(run.updated == 3)
            #expect(harness.clerk.requests.count - before <= 2, "a page or two, not the whole instance")
            #expect(try await harness.mirrorEqualsUpstream().equal)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func refreshRequestsAndSingleUsersAreReadOneByOne(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 50) { harness in
            #expect(try await harness.reconciler.run(.full, trigger: "test").state == .complete)
            let ids = harness.clerk.liveUserIDs()
            // A tie left a refresh request; the user also changed upstream.
            harness.clerk.updateUser(id: ids[1])
            try await harness.test.database.write { connection in
                _ = try connection.execute("INSERT INTO user_refresh_requests (user_id, requested_at, reason) VALUES ($1, 1, 'tie')",
                                           [.text(ids[1])])
            }
            let refresh = try await harness.reconciler.run(.user, trigger: "test")
            #expect(refresh.state == .complete)
            #expect(refresh.updated == 1)
            #expect(try await harness.count("SELECT count(*) FROM user_refresh_requests") == 0)
            // resync --user: a user deleted upstream is removed and tombstoned.
            harness.clerk.deleteUser(id: ids[2])
            let single = try await harness.reconciler.run(.user, userID: ids[2], trigger: "test")
            #expect(single.deleted == 1)
            #expect(try await harness.mirrorEqualsUpstream().equal)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func cancelledPassIsRecordedInterruptedAndTheNextOneCompletes(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 3_000, rate: 5, configure: { $0.pageSize = 100 }) { harness in
            let pass = try await harness.reconciler.prepare(.full, trigger: "test")
            let task = Task { await harness.reconciler.execute(pass) }
            try await Task.sleep(for: .milliseconds(700))
            task.cancel()
            let run = await task.value
            #expect(run.state == .interrupted)
            #expect(run.finishedAt != nil)
            // The lock was released.
            let next = try await harness.reconciler.prepare(.user, trigger: "test")
            _ = await harness.reconciler.execute(next)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func onePassAtATime(kind: TestDatabaseKind) async throws {
        try await ReconcilerHarness.with(kind, users: 10) { harness in
            let first = try await harness.reconciler.prepare(.full, trigger: "test")
            await #expect(throws: ReconcileError.busy) { try await harness.reconciler.prepare(.full, trigger: "test") }
            if kind == .postgres {
                // Another process (another reconciler, its own lock connection) is refused too.
                let other = harness.reconciler(reading: harness.clerk)
                await #expect(throws: ReconcileError.busy) { try await other.prepare(.full, trigger: "test") }
            }
            _ = await harness.reconciler.execute(first)
            #expect(try await harness.reconciler.run(.full, trigger: "test").state == .complete)
        }
    }
}
