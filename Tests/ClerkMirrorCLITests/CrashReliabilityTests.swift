import FakeClerk
import Foundation
import Synchronization
import TestSupport
import Testing

/// The real binary killed with SIGKILL every second or two (more often in the short run, and
/// at each seventh of the deliveries at the latest) and started again on the same
/// database and port, while a sender that retries like Svix delivers signed events: every
/// event it saw answered 2xx is applied once, and the mirror ends in the expected state.
@Suite struct CrashReliabilityTests {
    @Test(arguments: TestDatabaseKind.available)
    func sigkillAndRestartLosesNothingAnswered(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let port = try Reliability.freePort()
            let environment = EndToEnd.environment(test, ["MIRROR_LISTEN": "127.0.0.1:\(port)"])
            let current = Mutex(try ServeProcess(environment: environment))
            defer { current.withLock { $0.kill() } }
            _ = try await current.withLock { $0 }.port()

            let history = EventHistory(events: Reliability.size(short: 2_000, long: 20_000), tag: "crash")
            let order = history.deliveryOrder(duplicateShare: 0.1, seed: 5)
            let sender = try Reliability.sender(port: port, retries: 40)
            let outcome = DeliveryOutcome()
            let delivery = Task { outcome.finish(await sender.deliver(order)) }
            var kills = 0
            var slowestRestart = Duration.zero
            var random = SeededRandom(seed: 77)
            // Kills come after a random pause, and at the latest each time another seventh of
            // the messages has been delivered: however fast the sender runs on this machine,
            // the server is killed several times before it finishes.
            let pause = Reliability.isLong ? 700...2_000 : 150...500
            let killPoints = (1...6).map { order.count * $0 / 7 }
            var nextKillPoint = 0
            while !(await Self.finishedOrDue(outcome, sender, pause: .milliseconds(Int.random(in: pause, using: &random)),
                                             progress: nextKillPoint < killPoints.count ? killPoints[nextKillPoint] : nil)) {
                while nextKillPoint < killPoints.count, sender.messagesDelivered >= killPoints[nextKillPoint] { nextKillPoint += 1 }
                let victim = current.withLock { $0 }
                victim.signal(SIGKILL)
                #expect(try await victim.waitForExit() == SIGKILL)
                kills += 1
                let restartedAt = ContinuousClock.now
                let restarted = try ServeProcess(environment: environment)
                current.withLock { $0 = restarted }
                _ = try await restarted.port()
                slowestRestart = max(slowestRestart, ContinuousClock.now - restartedAt)
            }
            await delivery.value
            let reports = outcome.reports
            let figures = DeliveryFigures(reports)
            #expect(kills >= 2, "the sender finished before the crashes: \(kills) kills (slowest restart \(slowestRestart)) tested little")
            #expect(figures.delivered == order.count, "\(figures)")

            let survivor = current.withLock { $0 }
            try await Reliability.waitUntilApplied(survivor, port: port, test.database)
            survivor.signal(SIGTERM)
            #expect(try await survivor.waitForExit() == 0)
            let lost = try await Reliability.lost(test.database, reports)
            #expect(lost == 0, "answered 2xx, then lost")
            let problems = try await Reliability.differences(test.database, history)
            #expect(problems.isEmpty, "\(problems)")
            Reliability.record("crash (SIGKILL)", kind.rawValue, [
                "events": history.events.count, "deliveries": order.count, "kills": kills, "slowest_restart_ms": slowestRestart.components.seconds * 1000 + slowestRestart.components.attoseconds / 1_000_000_000_000_000,
                "attempts": figures.attempts, "failed_attempts": figures.failures.values.reduce(0, +),
                "answered_2xx": figures.delivered, "lost": lost, "differences": problems.count,
            ])
        }
    }
}

extension CrashReliabilityTests {
    /// Waits until the delivery finished (true), or `pause` passed or the sender delivered
    /// `progress` messages (false: time to kill).
    static func finishedOrDue(_ outcome: DeliveryOutcome, _ sender: WebhookSender, pause: Duration, progress: Int?) async -> Bool {
        let deadline = ContinuousClock.now + pause
        while ContinuousClock.now < deadline {
            if outcome.isFinished { return true }
            if let progress, sender.messagesDelivered >= progress { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return outcome.isFinished
    }
}

/// The reports of a delivery running in a task of its own, once it has finished.
final class DeliveryOutcome: Sendable {
    private let state = Mutex<[WebhookDeliveryReport]?>(nil)

    func finish(_ reports: [WebhookDeliveryReport]) { state.withLock { $0 = reports } }

    var reports: [WebhookDeliveryReport] { state.withLock { $0 ?? [] } }

    var isFinished: Bool { state.withLock { $0 != nil } }

    /// True once finished; false if `wait` passed first (checked every 50 ms).
    func finished(within wait: Duration) async -> Bool {
        let deadline = ContinuousClock.now + wait
        repeat {
            if state.withLock({ $0 != nil }) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        return state.withLock { $0 != nil }
    }
}
