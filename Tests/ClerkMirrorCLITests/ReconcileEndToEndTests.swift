import FakeClerk
import Foundation
import Store
import TestSupport
import Testing

/// The real binary against `fake-clerk`: the startup pass fills an empty mirror, an operator
/// resync through `/admin` repairs drift and is followed to completion, metrics count the
/// runs, and `clerk-mirror resync` does a pass from the command line.
@Suite struct ReconcileEndToEndTests {
    let readKey = "read-e2e-0123456789abcdef"

    @Test(arguments: TestDatabaseKind.available)
    func startupPassAdminResyncAndTheResyncCommand(kind: TestDatabaseKind) async throws {
        let clerk = FakeClerk(configuration: FakeClerkConfiguration(users: 1_200, seed: 11))
        _ = try await clerk.start()
        defer { Task { await clerk.shutdown() } }
        try await TestDatabase.with(kind, migrated: false) { test in
            let upstream = ["CLERK_SECRET_KEY": "sk_test_fake", "CLERK_API_URL": clerk.baseURL.absoluteString,
                            "CLERK_API_RATE": "100", "RECONCILE_INTERVAL": "0", "RECONCILE_INCREMENTAL_INTERVAL": "0",
                            "MIRROR_API_KEYS": readKey]
            let serve = try ServeProcess(environment: EndToEnd.environment(test, upstream))
            defer { serve.kill() }
            let client = TestHTTPClient(port: try await serve.port())

            // An empty mirror gets a full pass at start.
            try await EndToEnd.eventually("the startup pass", timeout: .seconds(120)) {
                try await run(client, id: 1)?["state"] as? String == "complete"
            }
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM users") == 1_200)
            #expect(try await run(client, id: 1)?["trigger"] as? String == "startup")

            // Users read back through /v1, as Clerk's SDKs would, byte for byte.
            let read = ("Authorization", "Bearer \(readKey)")
            let count = try await client.send("GET", "/v1/users/count", headers: [read])
            #expect(count.status == 200)
            #expect(count.json?["total_count"] as? Int == 1_200)
            let someone = clerk.liveUserIDs()[42]
            let user = try await client.send("GET", "/v1/users/\(someone)", headers: [read])
            #expect(user.status == 200)
            #expect(user.body == clerk.user(id: someone))
            #expect(try await client.send("GET", "/v1/users/\(someone)").status == 401)

            // Drift upstream, repaired by a pass an operator starts.
            let ids = clerk.liveUserIDs()
            clerk.updateUser(id: ids[7])
            clerk.updateUser(id: ids[700])
            clerk.deleteUser(id: ids[70])
            clerk.createUser()
            let started = try await client.send("POST", "/admin/resync", headers: [EndToEnd.adminHeader],
                                                body: Array(#"{"kind":"full"}"#.utf8))
            #expect(started.status == 202)
            let runID = try #require(started.json?["run_id"] as? Int)
            try await EndToEnd.eventually("the admin pass", timeout: .seconds(120)) {
                try await run(client, id: runID)?["state"] as? String == "complete"
            }
            let finished = try #require(try await run(client, id: runID))
            #expect(finished["created"] as? Int == 1)
            #expect(finished["updated"] as? Int == 2)
            #expect(finished["deleted"] as? Int == 1)
            #expect(finished["upstream_count"] as? Int == 1_200)
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM users") == 1_200)
            #expect(try await client.send("GET", "/admin/sync-runs/999999", headers: [EndToEnd.adminHeader]).status == 404)
            #expect(try await client.send("POST", "/admin/resync", body: Array("{}".utf8)).status == 401)
            let complete = #"kind="full",outcome="complete""#
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_reconcile_runs_total", matching: complete) == 2)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_reconcile_drift_repaired_total", matching: #"kind="deleted""#) == 1)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_clerk_api_responses_total", matching: #"status="200""#) > 0)

            serve.signal(SIGTERM)
            #expect(try await serve.waitForExit() == 0)

            // From the command line: a pass that completes exits 0 and says so.
            clerk.deleteUser(id: ids[71])
            var environment = upstream
            environment["DATABASE_URL"] = test.url
            let resync = try await MirrorBinary.run(["resync", "--full"], environment: environment)
            #expect(resync.status == 0, "\(resync.stderr)")
            #expect(resync.stderr.contains("complete"))
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM users") == 1_199)
            // Without a secret key there is nothing to resync against.
            let refused = try await MirrorBinary.run(["resync"], environment: ["DATABASE_URL": test.url])
            #expect(refused.status == 2)
            #expect(refused.stderr.hasPrefix("clerk-mirror: CLERK_SECRET_KEY"))
        }
    }

    private func run(_ client: TestHTTPClient, id: Int) async throws -> [String: Any]? {
        let response = try await client.send("GET", "/admin/sync-runs/\(id)", headers: [EndToEnd.adminHeader])
        return response.status == 200 ? response.json : nil
    }
    /// `clerk-mirror resync` into an empty mirror says when it builds the indexes it left
    /// out, although no page arrives to report meanwhile, and ends with all of them.
    @Test(arguments: TestDatabaseKind.available)
    func firstLoadFromTheCommandLineShowsItsIndexBuild(kind: TestDatabaseKind) async throws {
        let clerk = FakeClerk(configuration: FakeClerkConfiguration(users: 600, seed: 12))
        _ = try await clerk.start()
        defer { Task { await clerk.shutdown() } }
        try await TestDatabase.with(kind) { test in
            let environment = ["CLERK_SECRET_KEY": "sk_test_fake", "CLERK_API_URL": clerk.baseURL.absoluteString,
                               "DATABASE_URL": test.url]
            let resync = try await MirrorBinary.run(["resync", "--full"], environment: environment)
            #expect(resync.status == 0, "\(resync.stderr)")
            #expect(resync.stderr.contains("run 1: building indexes"), "\(resync.stderr)")
            #expect(resync.stderr.contains("run 1 complete"))
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM users") == 600)
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM mirror_state WHERE key LIKE 'deferred_index:%'") == 0)
        }
    }
}
