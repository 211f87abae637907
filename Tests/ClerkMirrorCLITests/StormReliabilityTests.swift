import FakeClerk
import Foundation
import Store
import TestSupport
import Testing

/// Full passes (`clerk-mirror resync --full`, the real binary) against a Backend API that
/// rate-limits with 429 and `Retry-After`, answers 5xx, is slow, hangs past the client's
/// timeout and cuts bodies short, then one that fails for good mid-pass: each pass retries or
/// fails honestly (its exit status and its `sync_runs` row agree), and the mirror never loses
/// a user that upstream still has.
@Suite struct StormReliabilityTests {
    @Test(arguments: TestDatabaseKind.available)
    func fullPassesInAStormRetryOrFailHonestlyAndDeleteNothingWrongly(kind: TestDatabaseKind) async throws {
        let users = Reliability.size(short: 1_500, long: 10_000)
        let clerk = FakeClerk(configuration: FakeClerkConfiguration(users: users, seed: 23))
        _ = try await clerk.start()
        defer { Task { await clerk.shutdown() } }
        try await TestDatabase.with(kind) { test in
            let environment = ["DATABASE_URL": test.url, "CLERK_SECRET_KEY": "sk_test_fake",
                               "CLERK_API_URL": clerk.baseURL.absoluteString, "CLERK_API_RATE": "100"]
            let clean = try await MirrorBinary.run(["resync", "--full"], environment: environment)
            #expect(clean.status == 0, "\(clean.stderr)")
            #expect(try await Self.mirrored(test) == Set(clerk.liveUserIDs()))

            // Drift the storm pass must repair: some users gone upstream, some changed.
            let ids = clerk.liveUserIDs()
            for index in stride(from: 5, to: ids.count, by: 150) { clerk.deleteUser(id: ids[index]) }
            for index in stride(from: 7, to: ids.count, by: 100) { clerk.updateUser(id: ids[index]) }
            // 429 with Retry-After, 500/502/503 and latency: all retried, so the pass completes.
            clerk.faults = FakeClerkFaults(rateLimit: .init(requests: 4, per: .seconds(1)), retryAfterSeconds: 1,
                                           serverErrorShare: 0.15, latency: .milliseconds(30))
            let before = clerk.requests.count
            let storm = try await MirrorBinary.run(["resync", "--full"], environment: environment)
            let stormAnswers = Self.statuses(clerk.requests.dropFirst(before))
            let stormRun = try #require(try await Self.lastRun(test))
            #expect(storm.status == 0, "\(storm.stderr)")
            #expect(stormRun.state == "complete")
            let upstream = Set(clerk.liveUserIDs())
            let afterStorm = try await Self.mirrored(test)
            #expect(afterStorm == upstream, "lost \(upstream.subtracting(afterStorm).count), kept \(afterStorm.subtracting(upstream).count)")
            #expect((stormAnswers[429] ?? 0) > 0 && stormAnswers.keys.contains { $0 >= 500 }, "the storm did not blow: \(stormAnswers)")

            // A Backend API that hangs on a fifth of the requests: each is abandoned at
            // CLERK_API_TIMEOUT and retried, so the pass completes and repairs the drift.
            clerk.deleteUser(id: ids[17])
            clerk.updateUser(id: ids[19])
            clerk.faults = FakeClerkFaults(slowShare: 0.2, slowLatency: .seconds(2))
            let hang = try await MirrorBinary.run(["resync", "--full"], environment: environment.merging(["CLERK_API_TIMEOUT": "1s"]) { $1 })
            let hangRun = try #require(try await Self.lastRun(test))
            #expect(hang.status == 0, "\(hang.stderr)")
            #expect(hangRun.state == "complete")
            #expect(try await Self.mirrored(test) == Set(clerk.liveUserIDs()))
            // Held 2 s, abandoned at 1 s: only the setting makes these time out (the default is 30 s).
            let timedOut = hang.stderr.split(separator: "\n").filter { $0.contains("clerk_api_retry") && $0.contains("timed out after") }.count
            #expect(timedOut > 0, "no request was abandoned at CLERK_API_TIMEOUT: \(hang.stderr)")

            // Bodies cut short (200 with half the JSON): the pass may fail, but says so, and
            // loses nobody upstream still has.
            let gone = ids[13]
            clerk.deleteUser(id: gone)
            clerk.faults = FakeClerkFaults(truncatedShare: 0.3)
            let truncated = try await MirrorBinary.run(["resync", "--full"], environment: environment)
            let truncatedRun = try #require(try await Self.lastRun(test))
            #expect(truncatedRun.state == (truncated.status == 0 ? "complete" : "failed"), "exit \(truncated.status), run \(truncatedRun)")
            let afterTruncation = try await Self.mirrored(test)
            #expect(Set(clerk.liveUserIDs()).subtracting(afterTruncation).isEmpty, "users upstream still has were lost")
            if truncated.status == 0 { #expect(afterTruncation == Set(clerk.liveUserIDs())) }

            // Upstream fails for good a few requests into the pass: it must fail, deleting nothing.
            clerk.deleteUser(id: ids[11])
            let stored = try await Self.mirrored(test)
            clerk.faults = FakeClerkFaults(failFromRequest: clerk.requests.count + 3)
            let broken = try await MirrorBinary.run(["resync", "--full"], environment: environment)
            let brokenRun = try #require(try await Self.lastRun(test))
            #expect(broken.status != 0)
            #expect(brokenRun.state == "failed")
            #expect(brokenRun.hasError)
            #expect(try await Self.mirrored(test) == stored, "a pass that failed changed which users are mirrored")
            Reliability.record("API storm full pass", kind.rawValue, [
                "upstream_users": upstream.count, "storm_requests": stormAnswers.values.reduce(0, +),
                "answered_429": stormAnswers[429] ?? 0,
                "answered_5xx": stormAnswers.filter { $0.key >= 500 }.values.reduce(0, +),
                "storm_pass": stormRun.state, "lost": upstream.subtracting(afterStorm).count,
                "timed_out_requests": timedOut, "hanging_api_pass": hangRun.state,
                "truncated_bodies_pass": truncatedRun.state,
                "broken_pass": brokenRun.state, "deleted_by_failed_pass": stored.subtracting(try await Self.mirrored(test)).count,
            ])
        }
    }

    private static func mirrored(_ test: TestDatabase) async throws -> Set<String> {
        Set(try await Reliability.strings(test.database, "SELECT id FROM users"))
    }

    private static func lastRun(_ test: TestDatabase) async throws -> (state: String, hasError: Bool)? {
        try await test.database.read { connection in
            try connection.queryOne("SELECT state, error FROM sync_runs ORDER BY id DESC LIMIT 1", []).map {
                ($0["state"].string ?? "", !$0["error"].isNull)
            }
        }
    }

    private static func statuses(_ requests: some Sequence<FakeClerkRequest>) -> [Int: Int] {
        requests.reduce(into: [:]) { $0[$1.status, default: 0] += 1 }
    }
}
