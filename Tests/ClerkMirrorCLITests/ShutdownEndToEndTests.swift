import Foundation
import Store
import Synchronization
import TestSupport
import Testing

/// SIGTERM and SIGINT on the real binary: a clean stop that loses nothing that was answered
/// 2xx, and a deadline that ends a shutdown that cannot finish.
@Suite struct ShutdownEndToEndTests {
    /// Deliveries go on from 8 connections while the signal arrives; the ones answered 2xx
    /// must all be applied once a new process has drained the inbox.
    @Test(arguments: TestDatabaseKind.available)
    func sigtermDuringABurstLosesNothingThatWasAcknowledged(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let serve = try ServeProcess(environment: EndToEnd.environment(test))
            defer { serve.kill() }
            let client = TestHTTPClient(port: try await serve.port(), connections: 8)
            let acknowledged = Acknowledged()
            let total = 600
            let signalAfter = 150
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<8 {
                    group.addTask {
                        for index in stride(from: lane, to: total, by: 8) {
                            let id = "msg_burst_\(index)"
                            let body = EndToEnd.userCreated("user_burst_\(index)", email: "burst\(index)@example.com")
                            guard let status = try? await EndToEnd.deliver(client, id: id, body: body) else { continue }
                            guard (200..<300).contains(status) else { continue }
                            let count = acknowledged.ids.withLock { ids in
                                ids.append(id)
                                return ids.count
                            }
                            if count == signalAfter { serve.signal(SIGTERM) }
                        }
                    }
                }
            }
            #expect(try await serve.waitForExit() == 0)
            #expect(serve.records.contains { $0["event"] == "signal_received" })
            ServeEndToEndTests.expectCleanLog(serve)
            let answered = acknowledged.ids.withLock { $0 }
            #expect(answered.count >= signalAfter)
            #expect(answered.count < total, "the signal came after the burst, so it tested nothing")

            // A new process applies whatever the first left pending.
            let restarted = try ServeProcess(["serve", "--no-webhooks"], environment: EndToEnd.environment(test))
            defer { restarted.kill() }
            try await EndToEnd.waitUntilApplied(TestHTTPClient(port: try await restarted.port()))
            restarted.signal(SIGTERM)
            #expect(try await restarted.waitForExit() == 0)

            let applied = try await test.database.read { connection in
                Set(try connection.query("SELECT svix_id FROM webhook_inbox WHERE state = 'done'", []).compactMap { $0["svix_id"].string })
            }
            let users = try await test.database.read { connection in
                Set(try connection.query("SELECT id FROM users", []).compactMap { $0["id"].string })
            }
            let missing = answered.filter { !applied.contains($0) }
            #expect(missing.isEmpty, "answered 2xx but not applied: \(missing.prefix(10))")
            let missingUsers = answered.map { $0.replacingOccurrences(of: "msg_", with: "user_") }.filter { !users.contains($0) }
            #expect(missingUsers.isEmpty, "answered 2xx but no user: \(missingUsers.prefix(10))")
        }
    }

    /// A store that does not answer holds the shutdown up: past SHUTDOWN_TIMEOUT the process
    /// logs it and exits 1 instead of hanging.
    @Test(arguments: TestDatabaseKind.available)
    func aShutdownThatCannotFinishEndsAtTheDeadline(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { test in
            let serve = try ServeProcess(environment: EndToEnd.environment(test, ["SHUTDOWN_TIMEOUT": "1s"]))
            defer { serve.kill() }
            let client = TestHTTPClient(port: try await serve.port())
            let lock = try await WriteLock.take(test)
            // This delivery waits on the lock inside the store, and with it the store's close.
            let delivery = Task { try? await EndToEnd.deliver(client, id: "msg_stuck", body: EndToEnd.userDeleted("user_stuck")) }
            try await lock.waitForWaiter()
            serve.signal(SIGTERM)
            let status = try await serve.waitForExit(timeout: .seconds(30))
            try await lock.release()
            _ = await delivery.value
            #expect(status == 1)
            #expect(serve.records.contains { $0["event"] == "shutdown_deadline_passed" })
        }
    }
}

/// The ids answered 2xx, shared by the delivering tasks.
private final class Acknowledged: Sendable {
    let ids = Mutex<[String]>([])
}
