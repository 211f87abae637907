import Foundation
import Signing
import Store
import TestSupport

/// What the end-to-end tests share: settings for `serve`, signed Clerk events, waiting for
/// the worker, and the tables read back.
enum EndToEnd {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let adminKey = "adm-e2e-0123456789abcdef"
    static var adminHeader: (String, String) { ("Authorization", "Bearer \(adminKey)") }

    /// The environment of a `serve` on `test`'s database, on a free port, with webhooks and admin.
    static func environment(_ test: TestDatabase, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["DATABASE_URL": test.url, "MIRROR_LISTEN": "127.0.0.1:0",
                           "CLERK_WEBHOOK_SIGNING_SECRET": secret, "MIRROR_ADMIN_KEY": adminKey]
        environment.merge(extra) { $1 }
        return environment
    }

    /// A `user.created` event for a small but complete user.
    static func userCreated(_ id: String, email: String, updatedAt: Int64 = 1_716_883_200_000) -> [UInt8] {
        let user = #"{"id":"\#(id)","object":"user","primary_email_address_id":"idn_\#(id)","first_name":"Ada","last_name":"Lovelace","username":null,"external_id":null,"public_metadata":{},"private_metadata":{},"unsafe_metadata":{},"email_addresses":[{"id":"idn_\#(id)","object":"email_address","email_address":"\#(email)","verification":{"status":"verified","strategy":"email_code"}}],"banned":false,"locked":false,"created_at":1716883200000,"updated_at":\#(updatedAt),"last_sign_in_at":null}"#
        return event("user.created", data: user)
    }

    static func sessionCreated(_ id: String, userID: String) -> [UInt8] {
        event("session.created", data: #"{"id":"\#(id)","object":"session","user_id":"\#(userID)","client_id":"client_e2e","status":"active","last_active_at":1716883200000,"expire_at":1717488000000,"abandon_at":1719475200000,"created_at":1716883200000,"updated_at":1716883200000}"#)
    }

    static func userDeleted(_ id: String) -> [UInt8] {
        event("user.deleted", data: #"{"object":"user","id":"\#(id)","deleted":true}"#)
    }

    static func event(_ type: String, data: String) -> [UInt8] {
        Array(#"{"data":\#(data),"object":"event","type":"\#(type)","timestamp":1716883200000,"instance_id":"ins_e2e"}"#.utf8)
    }

    /// POSTs `body` to the webhook endpoint, signed now with `secret`.
    static func deliver(_ client: TestHTTPClient, id: String, body: [UInt8], secret: String = secret) async throws -> Int {
        let headers = try WebhookSigner(secret: secret).headers(id: id, timestamp: Int64(Date().timeIntervalSince1970), body: body)
        return try await client.send("POST", "/webhooks/clerk", headers: headers, body: body).status
    }

    /// `GET /admin/status` as JSON.
    static func adminStatus(_ client: TestHTTPClient) async throws -> [String: Any] {
        let response = try await client.send("GET", "/admin/status", headers: [adminHeader])
        guard response.status == 200, let json = response.json else {
            throw TestSupportError("/admin/status answered \(response.status)")
        }
        return json
    }

    /// Waits until nothing is pending in the inbox, as `/admin/status` tells it.
    static func waitUntilApplied(_ client: TestHTTPClient, timeout: Duration = .seconds(30)) async throws {
        try await eventually("the inbox to drain", timeout: timeout) {
            (try await adminStatus(client)["inbox"] as? [String: Any])?["pending"] as? Int == 0
        }
    }

    /// Polls `condition` every 50 ms until it holds; fails after `timeout`.
    static func eventually(_ what: String, timeout: Duration = .seconds(30),
                           _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("timed out waiting for \(what)")
    }

    /// One number from the tables, read by the test itself (not through the mirror).
    static func count(_ test: TestDatabase, _ sql: String, _ arguments: [SQLValue] = []) async throws -> Int {
        try await test.database.read { Int(try $0.queryOne(sql, arguments)?[0].int64 ?? 0) }
    }

    /// The sum of every sample of `family` whose labels contain `matching`, from `/metrics`.
    static func metricSum(_ client: TestHTTPClient, _ family: String, matching: String = "") async throws -> Double {
        let text = try await client.send("GET", "/metrics").text
        return text.split(separator: "\n").reduce(0) { total, line in
            guard line.hasPrefix(family + "{") || line.hasPrefix(family + " "), matching.isEmpty || line.contains(matching),
                  let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return total }
            return total + value
        }
    }
}
