import ClerkAPI
import FakeClerk
import Foundation
import Logging
@testable import Mirror
import Store
import TestSupport

/// A `FakeClerk` on a free port, a `ClerkClient` pointed at it (quick retries), and a
/// `Reconciler` over a test database.
struct ReconcilerHarness: Sendable {
    let clerk: FakeClerk
    let client: ClerkClient
    let reconciler: Reconciler
    let test: TestDatabase

    static func with<T: Sendable>(
        _ kind: TestDatabaseKind, users: Int, seed: UInt64 = 7, rate: Double = 1000,
        configure: (inout ReconcilerConfiguration) -> Void = { _ in },
        _ body: (ReconcilerHarness) async throws -> T
    ) async throws -> T {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let clerk = FakeClerk(configuration: FakeClerkConfiguration(users: users, seed: seed))
            _ = try await clerk.start()
            let client = makeClient(clerk, rate: rate)
            var configuration = ReconcilerConfiguration()
            configure(&configuration)
            let reconciler = Reconciler(database: test.database, location: test.location, source: client,
                                        configuration: configuration, logger: .disabled)
            let harness = ReconcilerHarness(clerk: clerk, client: client, reconciler: reconciler, test: test)
            do {
                let result = try await body(harness)
                await clerk.shutdown()
                return result
            } catch {
                await clerk.shutdown()
                throw error
            }
        }
    }

    static func makeClient(_ clerk: FakeClerk, rate: Double) -> ClerkClient {
        let policy = RetryPolicy(maxAttempts: 3, baseBackoff: .milliseconds(20), maxBackoff: .milliseconds(100))
        return ClerkClient(configuration: ClerkClientConfiguration(baseURL: clerk.baseURL, secretKey: "sk_test_fake", version: "test",
                                                                   timeout: .seconds(10), requestsPerSecond: rate, retryPolicy: policy),
                           logger: .disabled)
    }

    /// Another reconciler on the same database, reading another fake instance.
    func reconciler(reading other: FakeClerk, configuration: ReconcilerConfiguration = ReconcilerConfiguration()) -> Reconciler {
        Reconciler(database: test.database, location: test.location, source: Self.makeClient(other, rate: 1000),
                   configuration: configuration, logger: .disabled)
    }

    /// Every live user in the mirror: id → raw JSON bytes.
    func mirrored() async throws -> [String: [UInt8]] {
        try await test.database.read { connection in
            var users: [String: [UInt8]] = [:]
            for row in try connection.query("SELECT id, raw FROM users", []) {
                users[row["id"].string!] = row["raw"].bytes!
            }
            return users
        }
    }

    /// Whether the mirror holds exactly the fake's live users, byte for byte.
    func mirrorEqualsUpstream() async throws -> (equal: Bool, detail: String) {
        let local = try await mirrored()
        let upstream = clerk.liveUserIDs()
        var problems: [String] = []
        if local.count != upstream.count { problems.append("mirror has \(local.count) users, upstream \(upstream.count)") }
        for id in upstream where local[id] != clerk.user(id: id) {
            problems.append(local[id] == nil ? "\(id) missing" : "\(id) differs")
            if problems.count > 5 { break }
        }
        return (problems.isEmpty, problems.joined(separator: "; "))
    }

    func count(_ sql: String) async throws -> Int64 {
        try await test.database.read { try $0.queryOne(sql)?[0].int64 ?? -1 }
    }
}
