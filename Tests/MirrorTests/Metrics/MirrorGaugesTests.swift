import Foundation
@testable import Mirror
import Store
import TestSupport
import Testing

@Suite struct MirrorGaugesTests {
    static func sample(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    static func addUser(_ database: any Database, _ id: String) async throws {
        try await database.write { try $0.execute("INSERT INTO users (id, created_at, updated_at, raw) VALUES ($1, 1, 1, '{}')", [.text(id)]) }
    }

    /// A scrape reads the store; scrapes within the minimum interval share the last read;
    /// a store that fails leaves the last values standing.
    @Test(arguments: TestDatabaseKind.available)
    func gaugesFollowTheStoreAtScrapeTime(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_000_000))
            let registry = MetricsRegistry()
            _ = MirrorGauges(registry: registry, database: test.database, minimumInterval: .seconds(5), now: clock.now)
            try await MirrorStatusTests.seed(test.database)
            var text = await registry.collect()
            #expect(Self.sample(text, "clerk_mirror_users") == 3)
            #expect(Self.sample(text, "clerk_mirror_sessions") == 1)
            #expect(Self.sample(text, "clerk_mirror_user_tombstones") == 1)
            #expect(Self.sample(text, "clerk_mirror_inbox_pending") == 2)
            #expect(Self.sample(text, "clerk_mirror_dead_letters") == 1)
            // Date keeps time from 2001, so whole Unix seconds come back a hair short.
            #expect(abs((Self.sample(text, "clerk_mirror_inbox_oldest_pending_age_seconds") ?? 0) - (1_000_000 - 10)) < 0.01)
            #expect(text.contains(#"clerk_mirror_build_info{version="\#(MirrorVersion.current)"} 1"#))

            try await Self.addUser(test.database, "user_new")
            clock.set(Date(timeIntervalSince1970: 1_000_002))
            text = await registry.collect()
            #expect(Self.sample(text, "clerk_mirror_users") == 3, "within the interval: the last read")
            clock.set(Date(timeIntervalSince1970: 1_000_006))
            text = await registry.collect()
            #expect(Self.sample(text, "clerk_mirror_users") == 4)

            await test.database.close()
            clock.set(Date(timeIntervalSince1970: 1_000_020))
            text = await registry.collect()
            #expect(Self.sample(text, "clerk_mirror_users") == 4, "the store is gone: the last values stay")
        }
    }

    /// Apply lag runs from receipt to the commit that applied the event.
    @Test(arguments: TestDatabaseKind.available)
    func applyLagIsMeasuredFromReceiptToApplied(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 2_000_000))
            let registry = MetricsRegistry()
            let worker = InboxWorker(database: test.database, logger: .disabled, metrics: WorkerMetrics(registry: registry), now: clock.now)
            let body = Fixtures.event("user.created", data: Fixtures.user(id: "user_lag", updatedAt: 1000))
            let received = Int64(2_000_000_000 - 3000)
            _ = try await InboxWriter(database: test.database).store(InboundDelivery.classify(svixID: "msg_lag", body: body, receivedAt: received))
            #expect(try await worker.drainOnce() == 1)
            let text = registry.render()
            #expect(Self.sample(text, "clerk_mirror_apply_lag_seconds_count") == 1)
            #expect(abs((Self.sample(text, "clerk_mirror_apply_lag_seconds_sum") ?? 0) - 3) < 0.01)
            #expect(text.contains(#"clerk_mirror_events_applied_total{type="user.created",outcome="created"} 1"#))
        }
    }
}
