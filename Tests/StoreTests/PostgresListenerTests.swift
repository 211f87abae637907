import Foundation
import Logging
@testable import Store
import Synchronization
import TestSupport
import Testing

/// `LISTEN` on a thread of its own: a `NOTIFY` from another connection (another process, in
/// production) reaches the callback, and a listener whose backend is killed reconnects.
@Suite(.enabled(if: TestDatabaseKind.available.contains(.postgres)))
struct PostgresListenerTests {
    final class Calls: Sendable {
        private let count = Atomic<Int>(0)
        func add() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    /// Notifies every 50 ms (one sent before `LISTEN` ran is lost) until `calls` grows past
    /// `above`; false after 10 s.
    static func notifyUntilHeard(_ calls: Calls, above: Int, channel: String, _ sender: PostgresConnection) async throws -> Bool {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(10) {
            try sender.execute("SELECT pg_notify($1, '')", [.text(channel)])
            try await Task.sleep(for: .milliseconds(50))
            if calls.value > above { return true }
        }
        return false
    }

    /// A started listener on a fresh channel, heard once, and a connection to notify it from.
    static func listening(_ url: String) async throws -> (PostgresListener, Calls, String, PostgresConnection) {
        let channel = "listener_test_\(UInt32.random(in: 0...UInt32.max))"
        let calls = Calls()
        let listener = PostgresListener(options: try PostgresConnectionOptions(url: url), channel: channel,
                                        logger: .disabled) { calls.add() }
        listener.start()
        let sender = try PostgresConnection(options: PostgresConnectionOptions(url: url))
        #expect(try await notifyUntilHeard(calls, above: 0, channel: channel, sender))
        return (listener, calls, channel, sender)
    }

    @Test func notifyFromAnotherConnectionIsHeard() async throws {
        try await TestDatabase.with(.postgres, migrated: false) { test in
            let (listener, calls, channel, sender) = try await Self.listening(test.url)
            await listener.stop()
            let heard = calls.value
            try sender.execute("SELECT pg_notify($1, '')", [.text(channel)])
            try await Task.sleep(for: .milliseconds(300))
            #expect(calls.value == heard, "a stopped listener hears nothing")
        }
    }

    @Test func killedListenerReconnectsAndListensAgain() async throws {
        try await TestDatabase.with(.postgres, migrated: false) { test in
            let (listener, calls, channel, sender) = try await Self.listening(test.url)
            let killed = try sender.query("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1
                """, [.text("LISTEN \(channel)")])
            #expect(killed.count == 1)
            // After reconnecting the listener reports once (anything sent meanwhile was missed),
            // and hears notifications again.
            let beforeKill = calls.value
            #expect(try await Self.notifyUntilHeard(calls, above: beforeKill + 1, channel: channel, sender))
            await listener.stop()
        }
    }
}
