import Foundation
@testable import Mirror
import TestSupport
import Testing

/// `GET /v1/sessions` and `/v1/sessions/{id}` over the fixtures, on both databases.
@Suite struct SessionReadTests {
    @Test(arguments: TestDatabaseKind.available)
    func sessionsAreFilteredNewestFirst(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let cases: [(String, [String])] = [
                ("user_id=user_01ada", ["sess_2", "sess_1"]),
                ("user_id=user_03zoe", ["sess_4", "sess_3"]),
                ("client_id=client_a", ["sess_4", "sess_3", "sess_1"]),
                ("client_id=client_a&status=active", ["sess_3", "sess_1"]),
                ("user_id=user_01ada&status=ended", ["sess_2"]),
                ("status=revoked", ["sess_4"]),
                ("user_id=user_03zoe&limit=1", ["sess_4"]),
                ("user_id=user_03zoe&limit=1&offset=1", ["sess_3"]),
                ("user_id=user_03zoe&offset=5", []),
                // Sessions of a deleted user went with it.
                ("user_id=user_09del", []),
                ("", ["sess_4", "sess_3", "sess_2", "sess_1"]),
            ]
            for (query, expected) in cases {
                let response = try await mirror.client.get("/v1/sessions?\(query)")
                #expect(response.status == 200, "\(query)")
                #expect(response.ids == expected, "\(query)")
                let paginated = try await mirror.client.get("/v1/sessions?paginated=true&\(query)")
                let data = paginated.json?["data"] as? [[String: Any]]
                #expect(data?.compactMap { $0["id"] as? String } == expected, "paginated \(query)")
                let total = paginated.json?["total_count"] as? Int
                let all = try await mirror.client.get("/v1/sessions?limit=500&\(query.split(separator: "&").filter { !$0.hasPrefix("limit") && !$0.hasPrefix("offset") }.joined(separator: "&"))")
                #expect(total == all.ids?.count, "total_count counts every match, not the page: \(query)")
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func sessionIsTheStoredObjectOr404(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let (id, userID, clientID, status, createdAt) = ReadFixtures.sessions[0]
            let response = try await mirror.client.get("/v1/sessions/\(id)")
            #expect(response.status == 200)
            #expect(response.body == ReadFixtures.session(id: id, userID: userID, clientID: clientID, status: status, createdAt: createdAt))
            for missing in ["sess_unknown", "sess_9"] {
                let absent = try await mirror.client.get("/v1/sessions/\(missing)")
                #expect(absent.status == 404)
                #expect(absent.clerkError?.code == "resource_not_found")
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func invalidSessionParametersAre422(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for (query, parameter) in [("status=sleeping", "status"), ("limit=0", "limit"), ("limit=501", "limit"),
                                       ("offset=-2", "offset"), ("paginated=yes", "paginated")] {
                let response = try await mirror.client.get("/v1/sessions?\(query)")
                #expect(response.status == 422, "\(query)")
                #expect(response.clerkError?.code == "form_param_value_invalid")
                #expect(response.clerkError?.parameter == parameter)
            }
        }
    }
}
