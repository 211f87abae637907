import HTTPServer

/// The Backend API routes the fake serves, each through `FakeInstance.handle`.
enum FakeClerkRoutes {
    static func router(for instance: FakeInstance) -> Router {
        var router = Router()
        let routes: [(String, FakeInstance.Endpoint)] = [
            ("/v1/users", { $0.listUsers($1, traceID: $2) }),
            ("/v1/users/count", { $0.countUsers($1, traceID: $2) }),
            ("/v1/users/{user_id}", { $0.getUser($1, traceID: $2) }),
            ("/v1/sessions", { $0.listSessions($1, traceID: $2) }),
            ("/v1/sessions/{session_id}", { $0.getSession($1, traceID: $2) }),
        ]
        for (pattern, endpoint) in routes {
            router.add("GET", pattern) { [instance] request in
                await instance.handle(request, endpoint: endpoint)
            }
        }
        // Clerk answers unknown paths with its JSON 404, after authentication.
        router.setNotFound(prefix: "/v1") { [instance] request in
            await instance.handle(request) { _, _, traceID in ClerkError.resourceNotFound.response(traceID: traceID) }
        }
        return router
    }
}
