@testable import FakeClerk
import Foundation
import Testing

@Suite("GET /v1/users")
struct UsersEndpointTests {
    @Test func cursorAndOffsetWalksGiveEveryUserOnceInOrder() async throws {
        try await withFake(users: 2000) { harness in
            let oldestFirst = harness.fake.liveUserIDs()
            #expect(oldestFirst.count == 2000)
            // Default order is -created_at: newest first.
            #expect(try await harness.walk(limit: 500, cursor: true) == oldestFirst.reversed())
            #expect(try await harness.walk(limit: 500, cursor: false) == oldestFirst.reversed())
            #expect(try await harness.walk(limit: 137, order: "created_at", cursor: true) == oldestFirst)
            let first = try await harness.get("/v1/users")
            #expect(first.header("Content-Type") == "application/json")
            #expect(try first.array().ids == Array(oldestFirst.reversed().prefix(10)), "limit defaults to 10")
        }
    }

    @Test func changesDuringACursorWalkAreSeenOrSkippedAsClerksWouldBe() async throws {
        try await withFake(users: 1000) { harness in
            let before = harness.fake.liveUserIDs()
            let fake = harness.fake
            // On the third page: delete one user not yet seen, create one (it sorts last).
            fake.onRequest { number, _ in
                if number == 3 {
                    fake.deleteUser(id: before[900])
                    fake.createUser()
                }
            }
            let walked = try await harness.walk(limit: 200, order: "%2Bcreated_at", cursor: true)
            #expect(walked == fake.liveUserIDs())
            #expect(!walked.contains(before[900]))
            #expect(walked.count == 1000)
            // A deleted user's id still works as a cursor.
            let after = try await harness.get("/v1/users?order_by=created_at&limit=2&starting_after=\(before[900])")
            #expect(try after.array().ids == [before[901], before[902]])
        }
    }

    @Test func updatedAtOrderingFollowsUpdates() async throws {
        try await withFake(users: 400) { harness in
            let ids = harness.fake.liveUserIDs()
            harness.fake.updateUser(id: ids[10])
            harness.fake.updateUser(id: ids[3])
            let newest = try await harness.get("/v1/users?order_by=-updated_at&limit=2")
            #expect(try newest.array().ids == [ids[3], ids[10]])
            var all: [[String: Any]] = []
            for offset in stride(from: 0, to: 400, by: 150) {
                all += try await harness.get("/v1/users?order_by=updated_at&limit=150&offset=\(offset)").array()
            }
            let stamps = all.compactMap { $0["updated_at"] as? Int64 }
            #expect(stamps.count == 400 && stamps == stamps.sorted())
            #expect(Set(all.ids) == Set(ids))
        }
    }

    @Test func filtersAndCount() async throws {
        try await withFake(users: 600) { harness in
            let ids = harness.fake.liveUserIDs()
            let (a, b, c) = (ids[5], ids[77], ids[300])
            let byID = try await harness.get("/v1/users?user_id=\(a)&user_id=\(c)&user_id=\(b)&user_id=user_unknown")
            #expect(try byID.array().ids == [c, b, a], "newest first, unknown ids ignored")

            let user = try JSONSerialization.jsonObject(with: Data(try #require(harness.fake.user(id: b)))) as? [String: Any]
            let emails = (user?["email_addresses"] as? [[String: Any]] ?? []).compactMap { $0["email_address"] as? String }
            let email = try #require(emails.first ?? nil)
            let byEmail = try await harness.get("/v1/users?email_address=\(email.uppercased())&email_address=nobody@example.com")
            #expect(try byEmail.array().ids == [b])
            let both = try await harness.get("/v1/users?email_address=\(email)&user_id=\(a)")
            #expect(try both.array().isEmpty, "both filters must match")

            let excluded = try await harness.get("/v1/users?user_id=-\(ids[599])&limit=2")
            #expect(try excluded.array().ids == [ids[598], ids[597]])

            let counts = try await harness.get([
                "/v1/users/count", "/v1/users/count?user_id=\(a)&user_id=\(b)", "/v1/users/count?user_id=-\(a)",
                "/v1/users/count?email_address=\(email)&limit=3&offset=9",
            ])
            let totals = try counts.map { try $0.object() }
            #expect(totals.map { $0["object"] as? String } == Array(repeating: "total_count", count: 4))
            #expect(totals.map { $0["total_count"] as? Int } == [600, 2, 599, 1])
        }
    }

    @Test func singleUserAndNotFound() async throws {
        try await withFake(users: 50) { harness in
            let id = harness.fake.liveUserIDs()[20]
            let found = try await harness.get("/v1/users/\(id)")
            #expect(found.status == 200)
            #expect(found.body == harness.fake.user(id: id))
            harness.fake.deleteUser(id: id)
            for missing in [id, "user_2abcdefghijklmnopqrstuvwxyz", "nothing"] {
                let response = try await harness.get("/v1/users/\(missing)")
                #expect(response.status == 404)
                let error = try response.clerkError()
                #expect(error.code == "resource_not_found")
                #expect(error.traceID.count == 32)
            }
            let unknownPath = try await harness.get("/v1/organizations")
            #expect(unknownPath.status == 404)
            #expect(try unknownPath.clerkError().code == "resource_not_found")
        }
    }

    @Test(arguments: [
        ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"), ("offset=-1", "offset"),
        ("order_by=username", "order_by"), ("order_by=shoe_size", "order_by"),
        ("order_by=updated_at&starting_after=user_x", "starting_after"),
        ("offset=10&starting_after=user_x", "starting_after"), ("starting_after=user_notours", "starting_after"),
        ("phone_number=%2B15555550100", "phone_number"),
    ])
    func badParametersAnswer422(query: String, parameter: String) async throws {
        try await withFake(users: 20) { harness in
            let response = try await harness.get("/v1/users?\(query)")
            #expect(response.status == 422)
            let error = try response.clerkError()
            #expect(["form_param_value_invalid", "form_param_format_invalid"].contains(error.code))
            #expect(error.paramName == parameter)
        }
    }

    @Test func authentication() async throws {
        try await withFake(users: 5) { harness in
            let cases: [(String?, String)] = [
                (nil, "authentication_invalid"), ("Basic abc", "authorization_header_format_invalid"),
                ("Bearer", "authorization_header_format_invalid"), ("Bearer sk_test_wrong", "clerk_key_invalid"),
            ]
            for (header, code) in cases {
                for path in ["/v1/users", "/v1/users/count", "/v1/sessions?user_id=x", "/v1/nowhere"] {
                    let response = try await harness.get(path, authorization: .some(header))
                    #expect(response.status == 401)
                    #expect(try response.clerkError().code == code)
                }
            }
            #expect(try await harness.get("/v1/users", authorization: "bearer sk_test_fake").status == 200)
        }
    }
}
