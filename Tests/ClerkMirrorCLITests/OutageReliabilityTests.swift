import FakeClerk
import Foundation
import TestSupport
import Testing

/// PostgreSQL stopped for 5 s (10 s in the long run) while events arrive: deliveries are
/// answered 503 while it is down, never 2xx without a commit; the process lives on and
/// reconnects, and once the sender's retries are through every event is applied.
@Suite struct OutageReliabilityTests {
    @Test(.enabled(if: PostgresControl.available))
    func postgresStoppedDuringIngestLosesNothing() async throws {
        try await TestDatabase.with(.postgres, migrated: false) { test in
            let serve = try ServeProcess(environment: EndToEnd.environment(test))
            defer { serve.kill() }
            let port = try await serve.port()
            let client = TestHTTPClient(port: port, connections: 2)
            let history = EventHistory(events: Reliability.size(short: 5_000, long: 6_000), tag: "outage")
            let order = history.deliveryOrder(duplicateShare: 0.1, seed: 3)
            let sender = try Reliability.sender(port: port, concurrency: 4, retries: 40)
            let outcome = DeliveryOutcome()
            let delivery = Task { outcome.finish(await sender.deliver(order)) }
            try await EndToEnd.eventually("some events stored", timeout: .seconds(60)) {
                try await EndToEnd.metricSum(client, "clerk_mirror_webhooks_received_total") >= 300
            }
            let outage = Duration.seconds(Reliability.size(short: 5, long: 10))
            let probe = history.events[0]
            let (during, ready) = try await PostgresControl.withOutage(outage) {
                try await Task.sleep(for: .milliseconds(500))
                let during = try await EndToEnd.deliver(client, id: probe.id, body: probe.body)
                let ready = try await client.send("GET", "/readyz").status
                return (during, ready)
            }
            #expect(during == 503)
            #expect(ready == 503)
            #expect(!(await outcome.finished(within: .zero)), "the sender finished before the outage ended; raise the count")
            await delivery.value
            let figures = DeliveryFigures(outcome.reports)
            #expect(figures.delivered == order.count, "\(figures)")
            #expect((figures.failures["503"] ?? 0) > 0, "no delivery met the outage: \(figures)")
            #expect(Set(figures.failures.keys).subtracting(["503"]).isEmpty, "answers other than 2xx and 503: \(figures)")
            #expect((200..<300).contains(try await EndToEnd.deliver(client, id: probe.id, body: probe.body)))

            try await Reliability.waitUntilApplied(serve, port: port, try Reliability.freshDatabase(test))
            serve.signal(SIGTERM)
            #expect(try await serve.waitForExit() == 0, "the process did not live through the outage")
            let database = try Reliability.freshDatabase(test)
            let problems = try await Reliability.differences(database, history)
            let lost = try await Reliability.lost(database, outcome.reports)
            await database.close()
            #expect(lost == 0)
            #expect(problems.isEmpty, "\(problems)")
            Reliability.record("database outage", "postgres", [
                "outage_seconds": outage.components.seconds, "events": history.events.count, "deliveries": order.count,
                "answered_503": figures.failures["503"] ?? 0, "other_failures": figures.failures.filter { $0.key != "503" }.values.reduce(0, +),
                "answered_2xx": figures.delivered, "lost": lost, "differences": problems.count,
            ])
        }
    }
}
