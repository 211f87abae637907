import Foundation
import Store
import TestSupport
import Testing

/// The real binary on both databases: webhooks in, tables, metrics, `status --json`, admin
/// routes, dead letters through the CLI and the admin route, and the log on stderr.
@Suite struct ServeEndToEndTests {
    @Test(arguments: TestDatabaseKind.available)
    func webhooksAreAppliedAndMetricsAndStatusAgree(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let serve = try ServeProcess(environment: EndToEnd.environment(test, ["EVENT_MAX_ATTEMPTS": "1"]))
            defer { serve.kill() }
            let port = try await serve.port()
            let client = TestHTTPClient(port: port)
            let listen = ["MIRROR_LISTEN": "127.0.0.1:\(port)"]
            #expect(try await MirrorBinary.run(["healthcheck"], environment: listen).status == 0)
            #expect(try await client.send("GET", "/readyz").status == 200)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_users") == 0)

            // 20 users, one deleted again, 2 sessions, a duplicate, an unknown type, an event
            // that cannot be applied, and a delivery with a bad signature.
            for index in 0..<20 {
                let status = try await EndToEnd.deliver(client, id: "msg_user_\(index)",
                                                        body: EndToEnd.userCreated("user_e2e_\(index)", email: "person\(index)@example.com"))
                #expect(status == 200)
            }
            #expect(try await EndToEnd.deliver(client, id: "msg_user_0", body: EndToEnd.userCreated("user_e2e_0", email: "person0@example.com")) == 200)
            for index in 0..<2 {
                #expect(try await EndToEnd.deliver(client, id: "msg_session_\(index)",
                                                   body: EndToEnd.sessionCreated("sess_e2e_\(index)", userID: "user_e2e_\(index)")) == 200)
            }
            #expect(try await EndToEnd.deliver(client, id: "msg_delete_19", body: EndToEnd.userDeleted("user_e2e_19")) == 200)
            #expect(try await EndToEnd.deliver(client, id: "msg_org", body: EndToEnd.event("organization.created", data: #"{"id":"org_1"}"#)) == 200)
            #expect(try await EndToEnd.deliver(client, id: "msg_poison", body: EndToEnd.event("user.updated", data: #"{"object":"user"}"#)) == 200)
            #expect(try await EndToEnd.deliver(client, id: "msg_forged", body: EndToEnd.userDeleted("user_e2e_0"),
                                               secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD") == 400)
            try await EndToEnd.waitUntilApplied(client)

            // The tables, read directly.
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM users") == 19)
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM sessions") == 2)
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM user_tombstones WHERE id = 'user_e2e_19'") == 1)
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM webhook_inbox WHERE state = 'dead'") == 1)

            // The metrics moved with them.
            try await EndToEnd.eventually("the gauges to catch up") {
                try await EndToEnd.metricSum(client, "clerk_mirror_users") == 19
            }
            let stored = #"result="stored""#
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_webhooks_received_total", matching: stored) == 24)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_webhooks_received_total", matching: #"result="duplicate""#) == 1)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_webhooks_received_total", matching: #"result="ignored""#) == 1)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_webhooks_received_total", matching: #"result="rejected""#) == 1)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_events_applied_total", matching: #"type="user.created""#) == 20)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_events_applied_total", matching: #"type="session.created""#) == 2)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_apply_lag_seconds_count") == 23)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_sessions") == 2)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_dead_letters") == 1)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_inbox_pending") == 0)
            #expect(try await EndToEnd.metricSum(client, "clerk_mirror_http_request_duration_seconds_count",
                                                 matching: #"route="/webhooks/clerk",method="POST",status="200""#) == 26)

            // `status --json` agrees with the tables, and /admin/status says the same.
            let cli = try await MirrorBinary.run(["status", "--json"], environment: ["DATABASE_URL": test.url])
            #expect(cli.status == 0, "\(cli.stderr)")
            let status = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
            #expect(status["users"] as? Int == (try await EndToEnd.count(test, "SELECT count(*) FROM users")))
            #expect(status["sessions"] as? Int == (try await EndToEnd.count(test, "SELECT count(*) FROM sessions")))
            #expect(status["tombstones"] as? Int == (try await EndToEnd.count(test, "SELECT count(*) FROM user_tombstones")))
            #expect(status["dead_letters"] as? Int == 1)
            let inbox = try #require(status["inbox"] as? [String: Int])
            for state in ["pending", "done", "ignored", "dead"] {
                let rows = try await EndToEnd.count(test, "SELECT count(*) FROM webhook_inbox WHERE state = $1", [.text(state)])
                #expect(inbox[state] == rows, "\(state)")
            }
            #expect(inbox["done"] == 23)
            #expect(status["oldest_pending_age_seconds"] is NSNull)
            let admin = try await EndToEnd.adminStatus(client)
            for key in ["users", "sessions", "tombstones", "dead_letters", "schema_version"] {
                #expect(admin[key] as? Int == status[key] as? Int, "\(key)")
            }
            #expect(try await MirrorBinary.run(["status"], environment: ["DATABASE_URL": test.url]).status == 0)

            serve.signal(SIGTERM)
            #expect(try await serve.waitForExit() == 0)
            Self.expectCleanLog(serve)
            // Without CLERK_SECRET_KEY and MIRROR_API_KEYS the start says what is off; the
            // admin key is set, so the admin routes are not named.
            let warnings = Set(serve.records.filter { $0["level"] == "warning" }.compactMap { $0["event"] })
            #expect(warnings.isSuperset(of: ["reconciler_off", "read_api_closed"]))
            #expect(!warnings.contains("admin_closed"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func deadLettersAreListedAndReplayedThroughTheCLIAndTheAdminRoute(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { test in
            let serve = try ServeProcess(environment: EndToEnd.environment(test))
            defer { serve.kill() }
            let client = TestHTTPClient(port: try await serve.port())
            // Three events that failed their last attempt in the past and would apply now.
            try await test.database.transaction { connection in
                for index in 1...3 {
                    try connection.execute("""
                        INSERT INTO webhook_inbox (svix_id, event_type, received_at, payload, state, attempts, next_attempt_at, last_error)
                        VALUES ($1, 'user.created', $2, $3, 'dead', 8, $2, 'the store was read-only')
                        """, [.text("msg_dead_\(index)"), .integer(1_716_883_200_000 + Int64(index)),
                              .blob(EndToEnd.userCreated("user_dead_\(index)", email: "dead\(index)@example.com"))])
                }
            }
            let cliEnvironment = ["DATABASE_URL": test.url]
            let listed = try await MirrorBinary.run(["dead-letters", "list", "--json"], environment: cliEnvironment)
            #expect(listed.status == 0, "\(listed.stderr)")
            let list = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
            #expect(list["total"] as? Int == 3)
            let entries = try #require(list["dead_letters"] as? [[String: Any]])
            #expect(entries.compactMap { $0["svix_id"] as? String } == ["msg_dead_1", "msg_dead_2", "msg_dead_3"])
            #expect(entries.first?["attempts"] as? Int == 8)

            // The CLI: one real id and one that is not a dead letter (exit 1 names it).
            let replayed = try await MirrorBinary.run(["dead-letters", "replay", "msg_dead_1", "msg_nope"], environment: cliEnvironment)
            #expect(replayed.status == 1)
            #expect(replayed.stderr.contains("msg_nope"))
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM webhook_inbox WHERE state = 'dead'") == 2)

            // The admin route: refused without the key, then by id, then all.
            let path = "/admin/dead-letters/replay"
            let byID = Array(#"{"ids":["msg_dead_2"]}"#.utf8)
            #expect(try await client.send("POST", path, body: byID).status == 401)
            #expect(try await client.send("POST", path, headers: [("Authorization", "Bearer wrong-key-0123456789")], body: byID).status == 401)
            #expect(try await client.send("POST", path, headers: [EndToEnd.adminHeader], body: Array(#"{"ids":[]}"#.utf8)).status == 400)
            let one = try await client.send("POST", path, headers: [EndToEnd.adminHeader], body: byID)
            #expect(one.status == 200)
            #expect(one.json?["requeued"] as? Int == 1)
            let all = try await client.send("POST", path, headers: [EndToEnd.adminHeader], body: Array(#"{"all":true}"#.utf8))
            #expect(all.json?["requeued"] as? Int == 1)

            try await EndToEnd.eventually("the replayed events to apply") {
                try await EndToEnd.count(test, "SELECT count(*) FROM users WHERE id LIKE 'user_dead_%'") == 3
            }
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM webhook_inbox WHERE state = 'done'") == 3)
            let after = try await MirrorBinary.run(["dead-letters", "list", "--json"], environment: cliEnvironment)
            #expect(after.stdout.contains(#""total":0"#))
            #expect(try await MirrorBinary.run(["dead-letters", "replay", "--all"], environment: cliEnvironment).status == 0)

            serve.signal(SIGINT)
            #expect(try await serve.waitForExit() == 0)
            Self.expectCleanLog(serve)
        }
    }

    /// Every stderr line is one JSON object with time, level and event, and none carries the
    /// signing secret, the admin key or anything of a payload.
    static func expectCleanLog(_ serve: ServeProcess) {
        let lines = serve.lines
        #expect(!lines.isEmpty)
        #expect(serve.records.count == lines.count, "every line is a JSON object of strings")
        for record in serve.records {
            #expect(record["time"] != nil && record["level"] != nil && record["event"] != nil, "\(record)")
        }
        for line in lines {
            #expect(!line.contains(EndToEnd.secret.dropFirst(6)), "the signing secret leaked: \(line)")
            #expect(!line.contains(EndToEnd.adminKey), "the admin key leaked: \(line)")
            #expect(!line.contains("@example.com"), "a payload leaked: \(line)")
        }
        #expect(serve.records.last?["event"] == "stopped")
    }
}
