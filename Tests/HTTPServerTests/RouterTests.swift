import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    static func handler(_ name: String) -> HTTPHandler {
        { _ in .text(200, name) }
    }

    func router() -> Router {
        var router = Router()
        router.add("GET", "/v1/users/{id}", Self.handler("user"))
        router.add("GET", "/v1/users/count", Self.handler("count"))
        router.add("DELETE", "/v1/users/{id}", Self.handler("delete"))
        router.add("GET", "/v1/users/{id}/posts/{post}", Self.handler("post"))
        router.add("POST", "/v1/upload", bodyLimit: 10, Self.handler("upload"))
        router.add("GET", "/", Self.handler("root"))
        return router
    }

    func pattern(_ match: Router.Match) -> String? {
        if case .matched(let route, _) = match { return route.pattern }
        return nil
    }

    @Test func literalBeatsParameter() {
        let router = router()
        #expect(pattern(router.route(method: "GET", path: "/v1/users/count")) == "/v1/users/count")
        guard case .matched(let route, let parameters) = router.route(method: "GET", path: "/v1/users/42") else {
            Issue.record("no match")
            return
        }
        #expect(route.pattern == "/v1/users/{id}")
        #expect(parameters == ["id": "42"])
        // The literal path lacks DELETE, so the parameter route answers.
        #expect(pattern(router.route(method: "DELETE", path: "/v1/users/count")) == "/v1/users/{id}")
    }

    @Test func nestedParameters() {
        guard case .matched(_, let parameters) = router().route(method: "GET", path: "/v1/users/7/posts/9") else {
            Issue.record("no match")
            return
        }
        #expect(parameters == ["id": "7", "post": "9"])
    }

    @Test func notFoundAndMethodNotAllowed() {
        let router = router()
        guard case .notFound = router.route(method: "GET", path: "/v1/nothing") else { Issue.record("expected 404"); return }
        guard case .notFound = router.route(method: "GET", path: "/v1/users/") else { Issue.record("empty segment"); return }
        guard case .methodNotAllowed(let allow) = router.route(method: "PUT", path: "/v1/users/42") else {
            Issue.record("expected 405")
            return
        }
        #expect(allow == ["DELETE", "GET", "HEAD"])
        guard case .methodNotAllowed(let uploadAllow) = router.route(method: "GET", path: "/v1/upload") else {
            Issue.record("expected 405")
            return
        }
        #expect(uploadAllow == ["POST"])
    }

    @Test func headFallsBackToGet() {
        #expect(pattern(router().route(method: "HEAD", path: "/v1/users/1")) == "/v1/users/{id}")
        #expect(pattern(router().route(method: "HEAD", path: "/")) == "/")
    }

    @Test func bodyLimitIsKept() {
        guard case .matched(let route, _) = router().route(method: "POST", path: "/v1/upload") else {
            Issue.record("no match")
            return
        }
        #expect(route.bodyLimit == 10)
    }

    @Test func notFoundFallbackUnderPrefix() {
        var router = router()
        router.setNotFound(prefix: "/v1", Self.handler("v1-404"))
        #expect(pattern(router.route(method: "GET", path: "/v1/unknown/thing")) == "/v1/*")
        #expect(pattern(router.route(method: "POST", path: "/v1")) == "/v1/*")
        guard case .notFound = router.route(method: "GET", path: "/v2/x") else { Issue.record("outside prefix"); return }
        guard case .notFound = router.route(method: "GET", path: "/v10") else { Issue.record("segment prefix"); return }
        // A known path with another method is still 405, not the fallback.
        guard case .methodNotAllowed = router.route(method: "PUT", path: "/v1/users/1") else { Issue.record("405"); return }
    }
}
