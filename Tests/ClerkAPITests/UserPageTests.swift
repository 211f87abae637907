@testable import ClerkAPI
import Foundation
import Testing

@Suite("User pages")
struct UserPageTests {
    /// Users written with odd spacing, escapes and brackets inside strings.
    static let tricky: [String] = [
        #"{"id":"user_1","object":"user","first_name":"Ren\u00e9e","created_at":1700000000000,"updated_at":1700000000500}"#,
        "{\n  \"updated_at\" : 1716883200001 ,\n\t\"last_name\": \"O]Br}ien \\\"the\\\\ [x]\\\" {y}\",\n  \"id\" : \"user_2\", \"created_at\":1716883200000,\r\n \"public_metadata\": {\"a\": [1, 2.5e3, -0.25, true, false, null, {\"b\": \"]}\"}], \"c\": {}}, \"email_addresses\": []\n}",
        #"{"created_at":-5,"updated_at":0,"id":"user_\u0033","image_url":"https:\/\/img.example\/x.png","note":"😀 \ud83d\ude00 ü"}"#,
    ]

    static let body = "  [\n  " + tricky[0] + " ,\n" + tricky[1] + "\r\n,\t" + tricky[2] + "\n]\n"

    @Test func usersAreSlicedByteExactly() async throws {
        let server = try StubServer { _, _ in .json(200, Self.body, headers: [("Clerk-Trace-Id", "trace-123")]) }
        let page = try await makeClient(server).listUsers(UserListQuery(limit: 3))
        try #require(page.users.count == 3)
        for (user, text) in zip(page.users, Self.tricky) {
            #expect(user.raw == Array(text.utf8))
        }
        #expect(page.users.map(\.id) == ["user_1", "user_2", "user_3"])
        #expect(page.users.map(\.createdAt) == [1_700_000_000_000, 1_716_883_200_000, -5])
        #expect(page.users.map(\.updatedAt) == [1_700_000_000_500, 1_716_883_200_001, 0])
        #expect(page.lastUserID == "user_3")
        #expect(page.traceID == "trace-123")
        #expect(!page.isLastPage(limit: 3))
        #expect(page.isLastPage(limit: 4))
        // Each slice is a JSON object of its own.
        for user in page.users {
            #expect(try JSONSerialization.jsonObject(with: Data(user.raw)) is [String: Any])
        }
    }

    @Test func emptyArrayIsAnEmptyPage() async throws {
        for body in ["[]", " [ \n ] ", "[\n]"] {
            let server = try StubServer { _, _ in .json(200, body) }
            let page = try await makeClient(server).listUsers(UserListQuery(limit: 10))
            #expect(page.users.isEmpty)
            #expect(page.lastUserID == nil)
        }
    }

    @Test func getUserKeepsTheObjectBytes() async throws {
        let server = try StubServer { _, _ in .json(200, "\n " + Self.tricky[1] + " \n") }
        let found = try #require(try await makeClient(server).getUser(id: "user_2"))
        #expect(found.raw == Array(Self.tricky[1].utf8))
        #expect(found.createdAt == 1_716_883_200_000)
    }

    /// Bodies that must be refused whole.
    static let malformed: [String] = [
        "",
        "   ",
        "[",
        "[" + user("user_1"),
        "[" + user("user_1") + ",",
        "[" + user("user_1") + "," + #"{"id":"user_2","created_at":1,"updated_at":"#,
        "[" + user("user_1") + "," + #"{"id":"user_2","created_at":1,"updated_at":2"#,
        #"[{"id":"user_1\"#,
        #"[{"id":"us"#,
        "[" + user("user_1") + "]]",
        "[" + user("user_1") + "] x",
        "[" + user("user_1") + ",]",
        "[," + user("user_1") + "]",
        "[" + user("user_1") + " " + user("user_2") + "]",
        #"{"data":[]}"#,
        #"[1, 2]"#,
        #"["user_1"]"#,
        #"[{"id":"user_1","created_at":1}]"#,
        #"[{"id":"user_1","updated_at":1}]"#,
        #"[{"created_at":1,"updated_at":1}]"#,
        #"[{"id":"","created_at":1,"updated_at":1}]"#,
        #"[{"id":7,"created_at":1,"updated_at":1}]"#,
        #"[{"id":"u","created_at":1.5,"updated_at":1}]"#,
        #"[{"id":"u","created_at":1e3,"updated_at":1}]"#,
        #"[{"id":"u","created_at":"1","updated_at":1}]"#,
        #"[{"id":"u","created_at":99999999999999999999,"updated_at":1}]"#,
        #"[{"id":"u","id":"v","created_at":1,"updated_at":1}]"#,
        #"[{"id":"u","created_at":01,"updated_at":1}]"#,
        #"[{"id":"u","created_at":1,"updated_at":1,"x":tru}]"#,
        #"[{"id":"u","created_at":1,"updated_at":1,"x":"\q"}]"#,
        #"[{"id":"u","created_at":1,"updated_at":1,"x":"\u12G4"}]"#,
        #"[{"id":"\ud800","created_at":1,"updated_at":1}]"#,
        "[{\"id\":\"u\",\"created_at\":1,\"updated_at\":1,\"x\":\"a\nb\"}]",
        #"[{"id":"u","created_at":1,"updated_at":1,"x":[1,2}]"#,
        #"[{"id":"u","created_at":1,"updated_at":1,"x":{"a" 1}}]"#,
        #"[{"id":"u","created_at":1,"updated_at":1,}]"#,
        #"[{"id":"u","created_at":1,"updated_at":1,"x":-}]"#,
        #"<html>502 Bad Gateway</html>"#,
        String(repeating: "[", count: 100_000),
    ]

    @Test(arguments: malformed)
    func malformedBodiesAreRefusedWhole(body: String) throws {
        do {
            let users = try ClerkUserJSON.parseList(Array(body.utf8))
            Issue.record("parsed \(users.count) users from a bad body")
        } catch {
            guard case .malformedResponse(let reason) = error else { Issue.record("got \(error)"); return }
            #expect(!reason.isEmpty && !reason.contains("\n"))
        }
    }

    @Test func invalidUTF8IsRefused() {
        let body: [UInt8] = Array(#"[{"id":"u","created_at":1,"updated_at":1,"x":""#.utf8) + [0xff, 0xfe]
            + Array(#""}]"#.utf8)
        #expect(throws: ClerkAPIError.malformedResponse("body is not valid UTF-8")) {
            try ClerkUserJSON.parseList(body)
        }
    }

    @Test func truncatedBodyOverTheWireIsATypedErrorNotAPage() async throws {
        // The connection closes mid-array without Content-Length: a 200 with half a body.
        let half = "[" + user("user_1") + "," + #"{"id":"user_2","crea"#
        let server = try StubServer { _, _ in
            .raw(Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n\(half)".utf8))
        }
        let client = makeClient(server)
        do {
            let page = try await client.listUsers(UserListQuery(limit: 2))
            Issue.record("returned a page of \(page.users.count)")
        } catch let error as ClerkAPIError {
            guard case .malformedResponse = error else { Issue.record("got \(error)"); return }
        }
        #expect(server.requests.count == 1, "a malformed body is not retried")
    }

    @Test func shortBodyAgainstContentLengthIsATransportError() async throws {
        let server = try StubServer { _, _ in
            .raw(Array("HTTP/1.1 200 OK\r\nContent-Length: 500\r\nConnection: close\r\n\r\n[{\"id\":".utf8))
        }
        do {
            _ = try await makeClient(server, policy: fastPolicy(maxAttempts: 2)).listUsers(UserListQuery())
            Issue.record("returned a page")
        } catch let error as ClerkAPIError {
            guard case .transport = error else { Issue.record("got \(error)"); return }
        }
        #expect(server.requests.count == 2)
    }

    @Test func escapedKeysAreRecognised() throws {
        let users = try ClerkUserJSON.parseList(Array(#"[{"\u0069d":"u","created\u005fat":1,"updated_at":2}]"#.utf8))
        #expect(users.first?.id == "u")
        #expect(users.first?.createdAt == 1)
    }

    @Test func largePage() throws {
        let items = (0..<500).map { i in
            #"{"id":"user_\#(i)","created_at":\#(i),"updated_at":\#(i * 2),"nested":{"a":[{"b":"]\"}"}]}}"#
        }
        let body = "[" + items.joined(separator: ",") + "]"
        let users = try ClerkUserJSON.parseList(Array(body.utf8))
        #expect(users.count == 500)
        #expect(users.map { String(decoding: $0.raw, as: UTF8.self) } == items)
        #expect(users[499].updatedAt == 998)
    }
}
