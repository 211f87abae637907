import Foundation
@testable import Mirror
import Signing
import Store
import TestSupport
import Testing

/// `POST /webhooks/clerk` against a running service, on both databases.
@Suite struct WebhookEndpointTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let otherSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"

    static func event(_ type: String = "user.updated", id: String = "user_29w83sxmDNGwOuEthce5gg56FcC") -> [UInt8] {
        Array(#"{"data":{"id":"\#(id)","object":"user","updated_at":1716883200000},"object":"event","type":"\#(type)","timestamp":1716883200}"#.utf8)
    }

    static func signed(_ body: [UInt8], id: String, secret: String = secret, at time: Date = Date(),
                       names: WebhookHeaderNames = .svix) throws -> [(String, String)] {
        try WebhookSigner(secret: secret).headers(id: id, timestamp: Int64(time.timeIntervalSince1970), body: body, names: names)
    }

    static func inbox(_ mirror: RunningMirror) async throws -> [Row] {
        try await mirror.test.database.read {
            try $0.query("SELECT svix_id, event_type, payload, state, last_error FROM webhook_inbox ORDER BY svix_id", [])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func signedEventIsStoredBeforeTheAnswer(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            let body = Self.event()
            let response = try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: "msg_1"), body: body)
            #expect(response.status == 200)
            #expect(response.json?["result"] as? String == "stored")
            let rows = try await Self.inbox(mirror)
            #expect(rows.count == 1)
            #expect(rows.first?["svix_id"] == .text("msg_1"))
            #expect(rows.first?["event_type"] == .text("user.updated"))
            #expect(rows.first?["payload"] == .blob(body), "the raw bytes, exactly as received")
            #expect(rows.first?["state"] == .text("pending"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func repeatedSvixIDIsAcknowledgedOnce(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            let body = Self.event()
            for _ in 0..<3 {
                // Svix re-signs each attempt with a new timestamp; the id stays.
                let response = try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: "msg_dup"), body: body)
                #expect(response.status == 200)
            }
            #expect(try await Self.inbox(mirror).count == 1)
            #expect(mirror.service.metrics.render().contains(#"clerk_mirror_webhooks_received_total{result="duplicate"} 2"#))
        }
    }

    /// The official Svix vector, verified at its own time through an injected clock. Its body
    /// is not a Clerk event, so it is kept as a dead letter with the reason.
    @Test(arguments: TestDatabaseKind.available)
    func officialVectorVerifies(kind: TestDatabaseKind) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_614_265_330))
        try await RunningMirror.with(kind, clock: clock) { mirror in
            let body = Array(#"{"test": 2432232314}"#.utf8)
            let response = try await mirror.client.send("POST", "/webhooks/clerk", headers: [
                ("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"), ("svix-timestamp", "1614265330"),
                ("svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
            ], body: body)
            #expect(response.status == 200)
            #expect(response.json?["result"] as? String == "dead_letter")
            let row = try #require(try await Self.inbox(mirror).first)
            #expect(row["state"] == .text("dead"))
            #expect(row["last_error"].string?.isEmpty == false)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func standardWebhookHeadersAreAccepted(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            let body = Self.event()
            let headers = try Self.signed(body, id: "msg_std", names: .standard)
            #expect(headers.allSatisfy { $0.0.hasPrefix("webhook-") || $0.0 == "content-type" || !$0.0.hasPrefix("svix-") })
            let response = try await mirror.client.send("POST", "/webhooks/clerk", headers: headers, body: body)
            #expect(response.status == 200)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func bothSecretsAreAcceptedDuringRotation(kind: TestDatabaseKind) async throws {
        let both = ["CLERK_WEBHOOK_SIGNING_SECRET": "\(Self.secret),\(Self.otherSecret)"]
        try await RunningMirror.with(kind, settings: both) { mirror in
            let body = Self.event()
            let old = try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: "msg_old"), body: body)
            let new = try await mirror.client.send("POST", "/webhooks/clerk",
                                                   headers: try Self.signed(body, id: "msg_new", secret: Self.otherSecret), body: body)
            let stranger = try await mirror.client.send("POST", "/webhooks/clerk",
                                                        headers: try Self.signed(body, id: "msg_x", secret: "whsec_plJ3nmyCDGBKInavdOK15jsl"), body: body)
            #expect(old.status == 200)
            #expect(new.status == 200)
            #expect(stranger.status == 400)
            #expect(try await Self.inbox(mirror).count == 2)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func badDeliveriesAre400WithAShortReasonAndNoRow(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            let body = Self.event()
            let now = Int64(Date().timeIntervalSince1970)
            let signer = try WebhookSigner(secret: Self.secret)
            let good = signer.signature(id: "msg_bad", timestamp: now, body: body)
            let cases: [(String, [(String, String)], String)] = [
                ("missing_headers", [("svix-id", "msg_bad"), ("svix-timestamp", "\(now)")], "missing"),
                ("invalid_timestamp", [("svix-id", "msg_bad"), ("svix-timestamp", "\(now)abc"), ("svix-signature", good)], "timestamp"),
                ("no_matching_signature", [("svix-id", "msg_bad"), ("svix-timestamp", "\(now)"),
                                           ("svix-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")], "signature"),
                ("timestamp_too_old", try Self.signed(body, id: "msg_bad", at: Date().addingTimeInterval(-330)), "old"),
                ("timestamp_too_new", try Self.signed(body, id: "msg_bad", at: Date().addingTimeInterval(330)), "new"),
                // The body was altered after signing.
                ("no_matching_signature", [("svix-id", "msg_bad"), ("svix-timestamp", "\(now)"),
                                           ("svix-signature", signer.signature(id: "msg_bad", timestamp: now, body: Array("{}".utf8)))], "signature"),
            ]
            for (reason, headers, word) in cases {
                let response = try await mirror.client.send("POST", "/webhooks/clerk", headers: headers, body: body)
                #expect(response.status == 400, "\(reason)")
                let message = try #require(response.json?["error"] as? String)
                #expect(message.contains(word), "\(reason): \(message)")
                #expect(!response.text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                #expect(!response.text.contains(String(good.dropFirst(3))))
                #expect(mirror.service.metrics.render().contains(#"clerk_mirror_webhooks_rejected_total{reason="\#(reason)"}"#))
            }
            #expect(try await Self.inbox(mirror).isEmpty)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func bodyOverTheLimitIs413(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            // The server answers 413 from the head, then reads and discards the body while it
            // closes, so the client, still sending, gets the answer instead of a reset.
            let body = [UInt8](repeating: UInt8(ascii: "a"), count: WebhookEndpoint.bodyLimit + 1)
            let response = try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: "msg_big"), body: body)
            #expect(response.status == 413)
            #expect(try await Self.inbox(mirror).isEmpty)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func otherEventTypesAreStoredAsIgnored(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            let body = Self.event("organization.created", id: "org_1")
            let response = try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: "msg_org"), body: body)
            #expect(response.status == 200)
            #expect(response.json?["result"] as? String == "ignored")
            #expect(try await Self.inbox(mirror).first?["state"] == .text("ignored"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func signedBodyThatIsNotAnEventIsADeadLetter(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            let body = Array("definitely not json".utf8)
            let response = try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: "msg_junk"), body: body)
            #expect(response.status == 200)
            let row = try #require(try await Self.inbox(mirror).first)
            #expect(row["state"] == .text("dead"))
            #expect(row["payload"] == .blob(body))
            #expect(row["last_error"].string?.contains("JSON") == true, "\(row["last_error"])")
        }
    }

    /// One thousand concurrent deliveries of five hundred events, each sent twice: exactly
    /// five hundred rows, every delivery answered 2xx.
    @Test(arguments: TestDatabaseKind.available)
    func concurrentDuplicateDeliveriesLeaveOneRowEach(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let id = "msg_\(index % 500)"
                        let body = Self.event(id: "user_\(index % 500)")
                        return try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: id), body: body).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 1000)
            #expect(statuses.allSatisfy { $0 == 200 })
            let rows = try await Self.inbox(mirror)
            #expect(rows.count == 500)
            #expect(Set(rows.compactMap { $0["svix_id"].string }).count == 500)
        }
    }

    /// A store that cannot commit answers 503 (Svix retries) and writes nothing; the retry
    /// after it recovers is stored.
    @Test(arguments: TestDatabaseKind.available)
    func failedCommitIs503AndLeavesNoRow(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            try await mirror.test.database.write { try $0.executeScript("ALTER TABLE webhook_inbox RENAME TO webhook_inbox_away") }
            let body = Self.event()
            let failed = try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: "msg_503"), body: body)
            #expect(failed.status == 503)
            #expect(failed.headers["retry-after"] != nil)
            try await mirror.test.database.write { try $0.executeScript("ALTER TABLE webhook_inbox_away RENAME TO webhook_inbox") }
            #expect(try await Self.inbox(mirror).isEmpty)
            let retried = try await mirror.client.send("POST", "/webhooks/clerk", headers: try Self.signed(body, id: "msg_503"), body: body)
            #expect(retried.status == 200)
            #expect(try await Self.inbox(mirror).count == 1)
        }
    }
}
