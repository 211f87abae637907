import Foundation
@testable import Mirror
import Store
import Synchronization
import TestSupport
import Testing

/// Workers give way to deliveries waiting for their commit, but never stop applying.
@Suite struct IngestPriorityTests {
    @Test func oneTurnPerIntervalBetweenAllWorkers() async throws {
        let activity = IngestActivity()
        #expect(activity.takeTurn(every: .milliseconds(200)))
        #expect(!activity.takeTurn(every: .milliseconds(200)), "a second worker waits for the next turn")
        try await Task.sleep(for: .milliseconds(250))
        #expect(activity.takeTurn(every: .milliseconds(200)))
    }

    @Test func busyWhileDeliveriesWaitAndRecentArrivalsRemembered() async throws {
        let activity = IngestActivity()
        #expect(!activity.isBusy)
        #expect(!activity.arrived(within: .seconds(1)))
        #expect(activity.arrivalRate == 0)
        for _ in 0..<50 { activity.began() }
        #expect(activity.isBusy)
        #expect(activity.arrivalRate >= 250, "50 arrivals within 200 ms at most")
        activity.ended(50)
        #expect(!activity.isBusy)
        #expect(activity.arrived(within: .seconds(1)))
        try await Task.sleep(for: .milliseconds(250))
        #expect(activity.arrivalRate == 0, "the rate forgets after two windows")
    }

    /// At an ordinary rate the worker does not wait, although a delivery is waiting.
    @Test func ordinaryRateIsNoBurst() async throws {
        try await TestDatabase.with(.sqlite) { (test: TestDatabase) async throws in
            let events = InboxWorkerTests.createdEvents(50)
            try await InboxWorkerTests.enqueue(events, into: test.database)
            var configuration = WorkerConfiguration()
            configuration.maximumDeferral = .seconds(60)
            let activity = IngestActivity()
            activity.began()
            let worker = InboxWorker(database: test.database, configuration: configuration, logger: .disabled, ingest: activity)
            let running = Task { await worker.run() }
            let started = ContinuousClock.now
            try await Self.stopOnceDone(50, worker, running, test.database)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    /// While a delivery waits, the worker applies one small batch per turn; once the
    /// deliveries are answered it applies the rest in full batches.
    @Test(arguments: TestDatabaseKind.available)
    func workerGivesWayDuringABurstAndCatchesUpAfter(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let events = InboxWorkerTests.createdEvents(100)
            try await InboxWorkerTests.enqueue(events, into: test.database)
            var configuration = WorkerConfiguration()
            configuration.busyBatchSize = 10
            configuration.maximumDeferral = .milliseconds(400)
            configuration.idleWait = .milliseconds(50)
            // The arrivals below come at about 10,000 a second, from a thread of their own so
            // that a busy machine's cooperative pool cannot pause them: the rate stays over
            // the threshold unless nothing arrives for 100 ms or more.
            configuration.burstRate = 20
            let activity = IngestActivity()
            activity.began() // a delivery waits for its commit from here on, and more keep arriving
            let arrivals = Arrivals(activity)
            try await Task.sleep(for: .milliseconds(150)) // the burst is under way when the worker starts
            let worker = InboxWorker(database: test.database, configuration: configuration, logger: .disabled, ingest: activity)
            let running = Task { await worker.run() }
            try await Task.sleep(for: .milliseconds(1000))
            let duringBurst = try await InboxWorkerTests.inboxStates(test.database)["done"] ?? 0
            // Turns at about 0, 400 and 800 ms, ten events each.
            #expect(duringBurst >= 10, "applying must not stop during a burst")
            #expect(duringBurst <= 40, "the worker should have given way, applied \(duringBurst)")

            arrivals.stop()
            activity.ended(1)
            worker.wakeUp()
            try await Self.stopOnceDone(100, worker, running, test.database)
        }
    }

    /// Waits (up to 10 s) for `count` events done, stops the worker, and checks.
    static func stopOnceDone(_ count: Int64, _ worker: InboxWorker, _ running: Task<Void, Never>, _ database: any Database) async throws {
        let started = ContinuousClock.now
        while try await InboxWorkerTests.inboxStates(database) != ["done": count], ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(20))
        }
        worker.stop()
        await running.value
        #expect(try await InboxWorkerTests.inboxStates(database) == ["done": count])
    }
}

/// Ten deliveries arriving (and answered at once) every millisecond, on a thread, until stopped.
private final class Arrivals: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let exited = Mutex(false)

    init(_ activity: IngestActivity) {
        Thread { [self] in
            while !stopped.load(ordering: .relaxed) {
                for _ in 0..<10 { activity.began() }
                activity.ended(10)
                usleep(1_000)
            }
            exited.withLock { $0 = true }
        }.start()
    }

    /// Returns once the thread has stopped adding arrivals.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        while !exited.withLock({ $0 }) { usleep(1_000) }
    }
}
