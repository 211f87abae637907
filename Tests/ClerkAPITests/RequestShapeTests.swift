import ClerkAPI
import Foundation
import Testing

@Suite("Request shape")
struct RequestShapeTests {
    @Test func listUsersSendsPathHeadersAndQuery() async throws {
        let server = try StubServer { _, _ in .json(200, "[]") }
        let client = makeClient(server)
        let page = try await client.listUsers(UserListQuery(
            limit: 500, startingAfter: "user_2xyz", orderBy: "+created_at",
            userIDs: ["user_a", "-user_b"], emailAddresses: ["a+tag@example.com", "b&c=d@example.com"]))
        #expect(page.users.isEmpty)

        let requests = server.requests
        try #require(requests.count == 1)
        let request = requests[0]
        #expect(request.method == "GET")
        #expect(request.path == "/v1/users")
        #expect(request.header("Authorization") == "Bearer \(testSecret)")
        #expect(request.header("Clerk-API-Version") == "2026-05-12")
        #expect(request.header("User-Agent") == "clerk-mirror/9.9.9-test")
        // On the wire: repeated keys without brackets, `+` escaped.
        #expect(request.rawQuery == "limit=500&starting_after=user_2xyz&order_by=%2Bcreated_at"
            + "&user_id=user_a&user_id=-user_b&email_address=a%2Btag%40example.com&email_address=b%26c%3Dd%40example.com")
        // As a server decodes it (where a bare `+` would be a space).
        let items = request.queryItems
        #expect(items.map(\.0) == ["limit", "starting_after", "order_by", "user_id", "user_id",
                                   "email_address", "email_address"])
        #expect(items.map(\.1) == ["500", "user_2xyz", "+created_at", "user_a", "-user_b",
                                   "a+tag@example.com", "b&c=d@example.com"])
    }

    @Test func offsetAndDescendingOrder() async throws {
        let server = try StubServer { _, _ in .json(200, "[]") }
        _ = try await makeClient(server).listUsers(UserListQuery(limit: 10, offset: 20, orderBy: "-updated_at"))
        #expect(server.requests.first?.rawQuery == "limit=10&offset=20&order_by=-updated_at")
        #expect(server.requests.first?.queryItems.last?.1 == "-updated_at")
    }

    @Test func emptyQuerySendsNoQueryString() async throws {
        let server = try StubServer { _, _ in .json(200, "[]") }
        _ = try await makeClient(server).listUsers(UserListQuery())
        #expect(server.requests.first?.target == "/v1/users")
    }

    @Test func baseURLWithV1OrTrailingSlashIsNotDoubled() async throws {
        let server = try StubServer { _, _ in .json(200, "[]") }
        _ = try await makeClient(baseURL: URL(string: "http://127.0.0.1:\(server.port)/")!).listUsers(UserListQuery())
        _ = try await makeClient(baseURL: URL(string: "http://127.0.0.1:\(server.port)/v1")!).listUsers(UserListQuery())
        #expect(server.requests.map(\.target) == ["/v1/users", "/v1/users"])
    }

    @Test func countUsersSendsOnlyFilters() async throws {
        let server = try StubServer { _, _ in .json(200, #"{"object":"total_count","total_count":1234}"#) }
        let client = makeClient(server)
        #expect(try await client.countUsers() == 1234)
        #expect(try await client.countUsers(UserListQuery(limit: 5, offset: 3, orderBy: "+created_at",
                                                          emailAddresses: ["x@y.z"])) == 1234)
        #expect(server.requests.map(\.target) == ["/v1/users/count", "/v1/users/count?email_address=x%40y.z"])
        #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(testSecret)" })
    }

    @Test func countUsersRefusesOtherShapes() async throws {
        let server = try StubServer { _, _ in .json(200, "[]") }
        await #expect(throws: ClerkAPIError.malformedResponse(
            #"user count: expected {"object":"total_count","total_count":N}"#)) {
            try await makeClient(server).countUsers()
        }
    }

    @Test func getUserEscapesTheID() async throws {
        let server = try StubServer { request, _ in
            .json(200, request.path == "/v1/users/user_1" ? user("user_1") : user("a/b?c"))
        }
        let client = makeClient(server)
        #expect(try await client.getUser(id: "user_1")?.id == "user_1")
        #expect(try await client.getUser(id: "a/b?c")?.id == "a/b?c")
        #expect(server.requests.map(\.target) == ["/v1/users/user_1", "/v1/users/a%2Fb%3Fc"])
        await #expect(throws: ClerkAPIError.self) { try await client.getUser(id: "..") }
        await #expect(throws: ClerkAPIError.self) { try await client.getUser(id: "") }
        #expect(server.requests.count == 2)
    }

    @Test func getUserRefusesAnotherUsersBody() async throws {
        let server = try StubServer { _, _ in .json(200, user("user_other")) }
        await #expect(throws: ClerkAPIError.malformedResponse("asked for user user_1, got user_other")) {
            try await makeClient(server).getUser(id: "user_1")
        }
    }

    @Test(arguments: [
        UserListQuery(limit: 0), UserListQuery(limit: 501), UserListQuery(offset: -1),
        UserListQuery(offset: 10, startingAfter: "user_1"),
        UserListQuery(startingAfter: "user_1", orderBy: "-updated_at"),
        UserListQuery(startingAfter: ""),
        UserListQuery(userIDs: Array(repeating: "u", count: 101)),
    ])
    func queriesClerkWouldRefuseAreNotSent(query: UserListQuery) async throws {
        let server = try StubServer { _, _ in .json(200, "[]") }
        do {
            _ = try await makeClient(server).listUsers(query)
            Issue.record("expected .invalidRequest")
        } catch let error as ClerkAPIError {
            guard case .invalidRequest = error else { Issue.record("got \(error)"); return }
        }
        #expect(server.requests.isEmpty)
    }

    @Test func startingAfterWithCreatedAtOrderIsAllowed() async throws {
        let server = try StubServer { _, _ in .json(200, "[]") }
        let client = makeClient(server)
        for order in ["created_at", "+created_at", "-created_at", nil] {
            _ = try await client.listUsers(UserListQuery(limit: 100, offset: 0, startingAfter: "user_1", orderBy: order))
        }
        #expect(server.requests.count == 4)
    }

    @Test func redirectsAreNotFollowed() async throws {
        let elsewhere = try StubServer { _, _ in .json(200, "[]") }
        let server = try StubServer { _, _ in
            .respond(status: 302, headers: [("Location", elsewhere.baseURL.absoluteString + "/v1/users")], body: [])
        }
        await #expect(throws: ClerkAPIError.http(status: 302, code: nil, message: nil, longMessage: nil,
                                                 traceID: nil, retryAfter: nil)) {
            try await makeClient(server).listUsers(UserListQuery())
        }
        #expect(server.requests.count == 1)
        #expect(elsewhere.requests.isEmpty, "the Authorization header must not follow a redirect")
    }
}
