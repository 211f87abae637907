import Foundation
import TestSupport
import Testing

/// 10,000 events about 2,000 users, shuffled, 30% of them delivered twice, over HTTP to the
/// real binary from 8 connections: the mirror ends exactly where the events in true order
/// lead (every user at its last version, byte for byte; every deleted user gone for good).
@Suite struct OrderReliabilityTests {
    @Test(arguments: TestDatabaseKind.available)
    func shuffledAndDuplicatedEventsEndInTheExactState(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let serve = try ServeProcess(environment: EndToEnd.environment(test))
            defer { serve.kill() }
            let port = try await serve.port()
            let history = EventHistory(events: 10_000, tag: "order")
            let order = history.deliveryOrder(duplicateShare: 0.3, seed: 9)
            let started = ContinuousClock.now
            let reports = await (try Reliability.sender(port: port)).deliver(order)
            let figures = DeliveryFigures(reports)
            #expect(figures.delivered == order.count, "\(figures)")
            let client = TestHTTPClient(port: port)
            try await EndToEnd.waitUntilApplied(client, timeout: .seconds(120))
            let elapsed = ContinuousClock.now - started

            let problems = try await Reliability.differences(test.database, history)
            #expect(problems.isEmpty, "\(problems)")
            let lost = try await Reliability.lost(test.database, reports)
            let duplicates = try await EndToEnd.metricSum(client, "clerk_mirror_webhooks_received_total", matching: "duplicate")
            serve.signal(SIGTERM)
            #expect(try await serve.waitForExit() == 0)
            Reliability.record("order and duplicates", kind.rawValue, [
                "events": history.events.count, "deliveries": order.count, "answered_2xx": figures.delivered,
                "duplicates_answered": Int(duplicates), "users": history.expectedUsers.count + history.deletedUsers.count,
                "lost": lost, "differences": problems.count, "seconds": elapsed.components.seconds,
            ])
        }
    }
}
