import Foundation
@testable import Mirror
import TestSupport
import Testing

/// Keys and routes of `/v1`: 401 without a configured key, 404 for unknown routes, both in
/// Clerk's error body, on both databases.
@Suite struct ReadAuthTests {
    static let routes = ["/v1/users", "/v1/users/count", "/v1/users/user_01ada", "/v1/sessions?user_id=user_01ada",
                         "/v1/sessions/sess_1", "/v1/organizations", "/v1/users/user_01ada/oauth_access_tokens/google"]

    @Test(arguments: TestDatabaseKind.available)
    func everyRouteNeedsAConfiguredKey(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for route in Self.routes {
                let cases: [(String?, [(String, String)], String)] = [
                    (nil, [], "authentication_invalid"),
                    ("sk_live_not-a-mirror-key-at-all", [], "clerk_key_invalid"),
                    // One character short, one longer, a prefix: all wrong.
                    (String(ReadFixtures.key.dropLast()), [], "clerk_key_invalid"),
                    (ReadFixtures.key + "x", [], "clerk_key_invalid"),
                    (nil, [("Authorization", "Basic \(ReadFixtures.key)")], "authorization_header_format_invalid"),
                    (nil, [("Authorization", ReadFixtures.key)], "authorization_header_format_invalid"),
                    (nil, [("Authorization", "Bearer ")], "authorization_header_format_invalid"),
                ]
                for (key, headers, code) in cases {
                    let response = try await mirror.client.get(route, key: key, headers: headers)
                    #expect(response.status == 401, "\(route) \(code)")
                    #expect(response.clerkError?.code == code, "\(route)")
                    #expect(!response.text.contains("user_01ada"), "nothing about the data before the key")
                }
            }
            // Either configured key works; the scheme is case-insensitive.
            #expect(try await mirror.client.get("/v1/users/user_01ada", key: ReadFixtures.otherKey).status == 200)
            let lower = try await mirror.client.get("/v1/users/user_01ada", key: nil, headers: [("Authorization", "bearer \(ReadFixtures.key)")])
            #expect(lower.status == 200)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func withoutConfiguredKeysEverythingIs401(kind: TestDatabaseKind) async throws {
        try await RunningMirror.with(kind) { mirror in
            for route in Self.routes {
                let response = try await mirror.client.get(route)
                #expect(response.status == 401, "\(route)")
                #expect(response.clerkError?.code == "clerk_key_invalid")
            }
            // Outside /v1 nothing changes.
            #expect(try await mirror.client.get("/healthz", key: nil).status == 200)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func unknownRoutesAre404InClerksShape(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for route in ["/v1/organizations", "/v1/users/user_01ada/oauth_access_tokens/google", "/v1", "/v1/", "/v1/clients/x"] {
                let response = try await mirror.client.get(route)
                #expect(response.status == 404, "\(route)")
                #expect(response.headers["content-type"] == "application/json")
                #expect(response.clerkError?.code == "resource_not_found", "\(route)")
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func keysNeverReachTheLog(kind: TestDatabaseKind) async throws {
        let records = LogRecords()
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let settings = try Settings(values: ["DATABASE_URL": test.url, "MIRROR_LISTEN": "127.0.0.1:0",
                                                 "MIRROR_API_KEYS": ReadFixtures.key])
            let service = try MirrorService(settings: settings, options: ServeOptions(noWebhooks: true),
                                            logger: records.logger)
            let port = try await service.start()
            let client = HTTPTestClient(port: port)
            _ = try await client.get("/v1/users")
            _ = try await client.get("/v1/users", key: "wrong-key-0123456789abcdef")
            _ = try await client.get("/v1/users?limit=0")
            await service.shutdown()
        }
        let logged = records.text
        #expect(!logged.isEmpty, "the service logged something to look through")
        #expect(!logged.contains(ReadFixtures.key))
        #expect(!logged.contains("wrong-key-0123456789abcdef"))
    }
}
