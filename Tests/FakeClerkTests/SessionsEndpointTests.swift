@testable import FakeClerk
import Foundation
import Testing

@Suite("GET /v1/sessions")
struct SessionsEndpointTests {
    /// The Session schema's `required` list (bapi-2026-05-12/session-schema.yml).
    static let requiredFields = ["object", "id", "user_id", "client_id", "status", "last_active_at", "expire_at",
                                 "abandon_at", "updated_at", "created_at"]

    @Test func listsByUserAndClientAndStatus() async throws {
        try await withFake(users: 200) { harness in
            let fake = harness.fake
            let owner = try #require(fake.liveUserIDs().first { fake.sessionIDs(userID: $0).count >= 2 })
            let expected = fake.sessionIDs(userID: owner)
            let byUser = try await harness.get("/v1/sessions?user_id=\(owner)").array()
            #expect(byUser.ids == expected)
            for session in byUser {
                for field in Self.requiredFields { #expect(session.keys.contains(field)) }
                #expect(session["user_id"] as? String == owner)
            }
            let created = byUser.compactMap { $0["created_at"] as? Int64 }
            #expect(created == created.sorted(by: >), "newest first")

            let client = try #require(byUser[1]["client_id"] as? String)
            #expect(try await harness.get("/v1/sessions?client_id=\(client)").array().ids == [expected[1]])
            let status = try #require(byUser[0]["status"] as? String)
            let byStatus = try await harness.get("/v1/sessions?user_id=\(owner)&status=\(status)").array()
            #expect(!byStatus.isEmpty && byStatus.allSatisfy { $0["status"] as? String == status })

            let paged = try await harness.get("/v1/sessions?user_id=\(owner)&paginated=true&limit=1&offset=1").object()
            #expect((paged["data"] as? [[String: Any]])?.ids == [expected[1]])
            #expect(paged["total_count"] as? Int == expected.count)

            let one = try await harness.get("/v1/sessions/\(expected[0])")
            #expect(one.status == 200)
            #expect(one.body == fake.session(id: expected[0]))

            fake.deleteUser(id: owner)
            #expect(try await harness.get("/v1/sessions?user_id=\(owner)").array().isEmpty)
            let gone = try await harness.get("/v1/sessions/\(expected[0])")
            #expect(gone.status == 404)
            #expect(try gone.clerkError().code == "resource_not_found")
        }
    }

    @Test func refusesListsWithoutAUserOrClient() async throws {
        try await withFake(users: 5) { harness in
            let response = try await harness.get("/v1/sessions")
            #expect(response.status == 400)
            #expect(try response.clerkError().code == "missing_query_parameter")
            let id = harness.fake.liveUserIDs()[0]
            let badStatus = try await harness.get("/v1/sessions?user_id=\(id)&status=sleeping")
            #expect(badStatus.status == 422)
            #expect(try badStatus.clerkError().paramName == "status")
        }
    }
}
