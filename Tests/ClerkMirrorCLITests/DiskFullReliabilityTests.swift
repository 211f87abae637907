import FakeClerk
import Foundation
import Store
import TestSupport
import Testing

/// SQLite on a full disk (a file-size limit: writes past it fail with EFBIG): deliveries are
/// answered 503, never 2xx without a commit; the process stays up and the file stays sound
/// (`PRAGMA integrity_check`); once the limit is gone, a restart takes every retried event.
@Suite struct DiskFullReliabilityTests {
    @Test func aFullDiskAnswers503AndRecoversWithoutCorruption() async throws {
        try await TestDatabase.with(.sqlite, migrated: false) { test in
            let history = EventHistory(events: Reliability.size(short: 3_000, long: 10_000), tag: "disk")
            let order = history.deliveryOrder(duplicateShare: 0, seed: 4)
            let limit = 1 << 20
            let limited = try ServeProcess(environment: EndToEnd.environment(test), fileSizeLimit: limit)
            defer { limited.kill() }
            let port = try await limited.port()
            // Few quick retries: the disk does not come back while this process runs.
            let first = DeliveryFigures(await (try Reliability.sender(port: port, concurrency: 4, retries: 2)).deliver(order))
            let rejected = first.failures["503"] ?? 0
            #expect(rejected > 0, "the limit was never reached: \(first)")
            #expect(first.delivered > 0, "nothing fitted below the limit: \(first)")
            #expect(Set(first.failures.keys).subtracting(["503"]).isEmpty, "answers other than 2xx and 503: \(first)")
            let client = TestHTTPClient(port: port)
            #expect(try await client.send("GET", "/healthz").status == 200)
            limited.signal(SIGTERM)
            let limitedExit = try await limited.waitForExit()
            #expect(limitedExit == 0)
            #expect(try await Self.integrity(test) == "ok")
            let file = try FileManager.default.attributesOfItem(atPath: test.scratch + "/mirror.sqlite3")[.size] as? Int ?? 0
            #expect(file <= limit)

            // Space returns: a restart without the limit, and the sender's later retries.
            let restarted = try ServeProcess(environment: EndToEnd.environment(test))
            defer { restarted.kill() }
            let again = try await restarted.port()
            let reports = await (try Reliability.sender(port: again)).deliver(order)
            let second = DeliveryFigures(reports)
            #expect(second.delivered == order.count, "\(second)")
            try await EndToEnd.waitUntilApplied(TestHTTPClient(port: again), timeout: .seconds(120))
            restarted.signal(SIGTERM)
            #expect(try await restarted.waitForExit() == 0)
            #expect(try await Self.integrity(test) == "ok")
            let problems = try await Reliability.differences(test.database, history)
            #expect(problems.isEmpty, "\(problems)")
            let lost = try await Reliability.lost(test.database, reports)
            let applied = try await EndToEnd.count(test.database, "SELECT count(*) FROM webhook_inbox WHERE state = 'done'")
            Reliability.record("disk full", "sqlite", [
                "limit_bytes": limit, "events": history.events.count, "answered_2xx_while_full": first.delivered,
                "answered_503": rejected, "other_failures": first.failures.filter { $0.key != "503" }.values.reduce(0, +),
                "integrity": "ok", "applied_after_recovery": applied,
                "lost": lost, "differences": problems.count,
            ])
        }
    }

    private static func integrity(_ test: TestDatabase) async throws -> String {
        try await test.database.read { try $0.queryOne("PRAGMA integrity_check", [])?[0].string ?? "" }
    }
}
