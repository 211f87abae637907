import Foundation
import HTTPServer
@testable import Mirror
import Store
import Synchronization
import TestSupport
import Testing

/// The admin routes in process, through the router, without a socket.
@Suite struct AdminEndpointsTests {
    static let key = "admin-key-0123456789"

    /// Sends a request through a router holding the admin routes; 404 when nothing matched.
    static func send(_ router: Router, _ method: String, _ path: String, authorization: String? = nil,
                     body: String = "") async throws -> HTTPResponse {
        guard case .matched(let route, let parameters) = router.route(method: method, path: path) else {
            return HTTPResponse(status: 404)
        }
        var request = HTTPRequest(method: method, target: path, body: Array(body.utf8), pathParameters: parameters)
        if let authorization { request.headers.add("Authorization", authorization) }
        return try await route.handler(request)
    }

    static func router(key: String?, database: any Database, onRequeued: @escaping @Sendable () -> Void = {}) -> Router {
        var admin = AdminEndpoints(adminKey: key)
        OperationsAdminRoutes(database: database, onRequeued: onRequeued).register(in: &admin)
        admin.add("GET", "/admin/echo/{id}") { request in .json(200, Array((request.pathParameters["id"] ?? "").utf8)) }
        var router = Router()
        admin.register(in: &router)
        return router
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyAdminRouteNeedsTheKey(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let router = Self.router(key: Self.key, database: test.database)
            for (method, path) in [("GET", "/admin/status"), ("POST", "/admin/dead-letters/replay"), ("GET", "/admin/echo/1"),
                                   ("GET", "/admin/unknown")] {
                for authorization in [nil, "Bearer wrong-key-0123456789", "Basic \(Self.key)", "Bearer", "Bearer \(Self.key)x"] {
                    let response = try await Self.send(router, method, path, authorization: authorization, body: #"{"all":true}"#)
                    #expect(response.status == 401, "\(method) \(path) with \(authorization ?? "nothing")")
                    #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
                }
            }
            #expect(try await Self.send(router, "GET", "/admin/status", authorization: "Bearer \(Self.key)").status == 200)
            #expect(try await Self.send(router, "GET", "/admin/status", authorization: "bearer \(Self.key)").status == 200)
            let echo = try await Self.send(router, "GET", "/admin/echo/abc", authorization: "Bearer \(Self.key)")
            #expect(echo.body == Array("abc".utf8), "added routes keep their path parameters")
            #expect(try await Self.send(router, "GET", "/admin/unknown", authorization: "Bearer \(Self.key)").status == 404)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func withoutAnAdminKeyEveryAdminRouteIsRefused(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let router = Self.router(key: nil, database: test.database)
            for authorization in [nil, "Bearer ", "Bearer \(Self.key)"] {
                #expect(try await Self.send(router, "GET", "/admin/status", authorization: authorization).status == 401)
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func replayAnswersHowManyWereRequeued(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            try await test.database.transaction { connection in
                for id in ["msg_a", "msg_b", "msg_c"] {
                    try connection.execute("""
                        INSERT INTO webhook_inbox (svix_id, received_at, payload, state, attempts, next_attempt_at, last_error)
                        VALUES ($1, 1, $2, 'dead', 8, 1, 'reason')
                        """, [.text(id), .blob(Array("{}".utf8))])
                }
            }
            let wakeUps = WakeUps()
            let router = Self.router(key: Self.key, database: test.database) { wakeUps.count.add(1, ordering: .relaxed) }
            let bearer = "Bearer \(Self.key)"
            for body in ["", "[]", #"{"ids":[]}"#, #"{"ids":[1]}"#, #"{"ids":"msg_a"}"#, #"{"all":false}"#,
                         #"{"all":true,"ids":["msg_a"]}"#, #"{"ids":[""]}"#, "{"] {
                let response = try await Self.send(router, "POST", "/admin/dead-letters/replay", authorization: bearer, body: body)
                #expect(response.status == 400, "\(body)")
            }
            let some = try await Self.send(router, "POST", "/admin/dead-letters/replay", authorization: bearer,
                                           body: #"{"ids":["msg_a","msg_a","msg_nope"]}"#)
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(some.body)) as? [String: Any])
            #expect(answer["requeued"] as? Int == 1)
            #expect(answer["not_dead_letters"] as? [String] == ["msg_nope"])
            #expect(wakeUps.count.load(ordering: .relaxed) == 1)
            let rest = try await Self.send(router, "POST", "/admin/dead-letters/replay", authorization: bearer, body: #"{"all":true}"#)
            #expect((try JSONSerialization.jsonObject(with: Data(rest.body)) as? [String: Any])?["requeued"] as? Int == 2)
            let none = try await Self.send(router, "POST", "/admin/dead-letters/replay", authorization: bearer, body: #"{"all":true}"#)
            #expect((try JSONSerialization.jsonObject(with: Data(none.body)) as? [String: Any])?["requeued"] as? Int == 0)
            #expect(wakeUps.count.load(ordering: .relaxed) == 2, "no wake-up when nothing was re-queued")
            let states = try await test.database.read {
                try $0.query("SELECT state, attempts FROM webhook_inbox ORDER BY svix_id", []).map { "\($0["state"].string!):\($0["attempts"].int64!)" }
            }
            #expect(states == ["pending:0", "pending:0", "pending:0"])
        }
    }
}

private final class WakeUps: Sendable {
    let count = Atomic<Int>(0)
}
