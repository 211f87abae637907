import Foundation
@testable import Mirror
import TestSupport
import Testing

/// `GET /v1/users` and `/v1/users/count` over the fixtures, through a running service, on
/// both databases: orderings, paging, cursors.
@Suite struct UserListTests {
    static var allOrderings: [UserOrdering] {
        UserOrdering.Field.allCases.flatMap { [UserOrdering(field: $0, descending: false), UserOrdering(field: $0, descending: true)] }
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyOrderingSortsAsTheBackendAPIDescribes(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let all = try await mirror.client.get("/v1/users?limit=500")
            #expect(all.status == 200)
            #expect(all.headers["content-type"] == "application/json")
            #expect(all.ids == ReadFixtures.ids(.newestFirst), "the default is -created_at")
            for ordering in Self.allOrderings {
                let name = ordering.field.rawValue
                // `-`, `+` escaped, `+` sent raw (read back as a space), and no sign.
                let spellings = ordering.descending ? ["-\(name)"] : ["%2B\(name)", "+\(name)", name]
                for spelling in spellings {
                    let response = try await mirror.client.get("/v1/users?limit=500&order_by=\(spelling)")
                    #expect(response.status == 200, "\(spelling)")
                    #expect(response.ids == ReadFixtures.ids(ordering), "order_by=\(spelling)")
                }
            }
            // Only the first order_by counts.
            let twice = try await mirror.client.get("/v1/users?limit=500&order_by=username&order_by=-created_at")
            #expect(twice.ids == ReadFixtures.ids(UserOrdering(field: .username, descending: false)))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func answersAreTheStoredObjectsByteForByte(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let response = try await mirror.client.get("/v1/users?limit=500&order_by=created_at")
            let expected = ReadFixtures.ids(UserOrdering(field: .createdAt, descending: false)).map { id in
                ReadFixtures.users.first { $0.id == id }!.raw
            }
            #expect(response.body == JSONText.array(expected))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func limitAndOffsetPageThroughEveryOrdering(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for ordering in [UserOrdering.newestFirst, UserOrdering(field: .firstName, descending: false),
                             UserOrdering(field: .lastActiveAt, descending: true)] {
                let sign = ordering.descending ? "-" : "%2B"
                var pages: [String] = []
                for offset in stride(from: 0, to: ReadFixtures.users.count, by: 3) {
                    let page = try await mirror.client.get("/v1/users?limit=3&offset=\(offset)&order_by=\(sign)\(ordering.field.rawValue)")
                    #expect(page.ids?.count ?? 0 <= 3)
                    pages.append(contentsOf: page.ids ?? [])
                }
                #expect(pages == ReadFixtures.ids(ordering), "\(ordering)")
            }
            #expect(try await mirror.client.get("/v1/users").ids?.count == 10, "limit defaults to 10")
            let pastTheEnd = try await mirror.client.get("/v1/users?offset=\(ReadFixtures.users.count)")
            #expect(pastTheEnd.status == 200)
            #expect(pastTheEnd.text == "[]")
            #expect(try await mirror.client.get("/v1/users?offset=100000&limit=500").text == "[]")
            #expect(try await mirror.client.get("/v1/users?limit=500").ids?.count == ReadFixtures.users.count)
            #expect(try await mirror.client.get("/v1/users?limit=1").ids == [ReadFixtures.ids(.newestFirst)[0]])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func startingAfterWalksCreatedAtOrderInBothDirections(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for (orderBy, ordering) in [("", UserOrdering.newestFirst), ("&order_by=-created_at", .newestFirst),
                                        ("&order_by=created_at", UserOrdering(field: .createdAt, descending: false))] {
                var walked: [String] = []
                var cursor: String?
                var requests = 0
                repeat {
                    let after = cursor.map { "&starting_after=\($0)" } ?? ""
                    let page = try await mirror.client.get("/v1/users?limit=3\(orderBy)\(after)")
                    #expect(page.status == 200)
                    let ids = page.ids ?? []
                    walked.append(contentsOf: ids)
                    cursor = ids.count == 3 ? ids.last : nil
                    requests += 1
                } while cursor != nil && requests < 20
                // Two users share a created_at; the cursor neither skips nor repeats them.
                #expect(walked == ReadFixtures.ids(ordering), "order\(orderBy)")
            }
            // With filters kept identical across pages, as the Backend API asks.
            let first = try await mirror.client.get("/v1/users?limit=2&banned=false&order_by=created_at")
            let second = try await mirror.client.get("/v1/users?limit=2&banned=false&order_by=created_at&starting_after=\(first.ids?.last ?? "")")
            let expected = ReadFixtures.ids(UserOrdering(field: .createdAt, descending: false), of: ReadFixtures.users.filter { !$0.banned })
            #expect((first.ids ?? []) + (second.ids ?? []) == Array(expected.prefix(4)))
            let zeroOffset = try await mirror.client.get("/v1/users?offset=0&starting_after=user_05mix")
            #expect(zeroOffset.status == 200, "a zero offset may accompany the cursor")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func startingAfterRefusalsAre422(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for (target, parameter) in [
                ("/v1/users?starting_after=user_unknown", "starting_after"),
                // A deleted user's id is no longer a place in the list.
                ("/v1/users?starting_after=user_09del", "starting_after"),
                ("/v1/users?starting_after=user_01ada&order_by=first_name", "starting_after"),
                ("/v1/users?starting_after=user_01ada&order_by=-updated_at", "starting_after"),
                ("/v1/users?starting_after=user_01ada&offset=2", "offset"),
            ] {
                let response = try await mirror.client.get(target)
                #expect(response.status == 422, "\(target)")
                #expect(response.clerkError?.code == "form_param_value_invalid", "\(target)")
                #expect(response.clerkError?.parameter == parameter, "\(target)")
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func invalidParametersAre422WithClerksBody(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let cases: [(String, String)] = [
                ("limit=0", "limit"), ("limit=501", "limit"), ("limit=-1", "limit"), ("limit=10.0", "limit"), ("limit=ten", "limit"),
                ("limit=", "limit"), ("offset=-1", "offset"), ("offset=1e3", "offset"), ("order_by=email", "order_by"),
                ("order_by=--created_at", "order_by"), ("order_by=phone_number", "order_by"), ("banned=maybe", "banned"),
                ("created_at_after=yesterday", "created_at_after"), ("last_active_at_before=1.5", "last_active_at_before"),
                ("organization_id=org_1", "organization_id"), ("web3_wallet=0x1", "web3_wallet"),
                ("user_id=" + Array(repeating: "u", count: 101).enumerated().map { "user_\($0.offset)" }.joined(separator: "&user_id="), "user_id"),
            ]
            for (query, parameter) in cases {
                for path in ["/v1/users", "/v1/users/count"] where path == "/v1/users" || !["limit", "offset", "order_by"].contains(parameter) {
                    let response = try await mirror.client.get("\(path)?\(query)")
                    #expect(response.status == 422, "\(path)?\(query.prefix(40))")
                    #expect(response.headers["content-type"] == "application/json")
                    #expect(response.clerkError?.code == "form_param_value_invalid", "\(query.prefix(40))")
                    #expect(response.clerkError?.parameter == parameter, "\(query.prefix(40))")
                }
            }
            #expect(try await mirror.client.get("/v1/users?limit=500").status == 200)
            #expect(try await mirror.client.get("/v1/users?limit=1").status == 200)
            // The SDKs send only the filters to /count; paging there is ignored, not refused.
            #expect(try await mirror.client.get("/v1/users/count?limit=0&order_by=nonsense").status == 200)
        }
    }
}
