import Foundation
import Synchronization
@testable import HTTPServer

/// Starts a server on 127.0.0.1:0 with short timeouts and a router of test routes.
enum ServerHarness {
    static func router() -> Router {
        var router = Router()
        router.add("GET", "/hello") { _ in .text(200, "hello") }
        router.add("POST", "/echo") { request in
            HTTPResponse(status: 200, headers: [("X-Method", request.method)], body: request.body)
        }
        router.add("POST", "/small", bodyLimit: 16) { request in .text(200, "\(request.body.count)") }
        router.add("GET", "/users/{id}") { request in .text(200, "user " + (request.pathParameters["id"] ?? "?")) }
        router.add("GET", "/users/count") { _ in .text(200, "count") }
        router.add("DELETE", "/users/{id}") { _ in HTTPResponse(status: 204) }
        router.add("GET", "/query") { request in
            .text(200, request.query.items.map { "\($0.name)=\($0.value)" }.joined(separator: "|") + " path=" + request.path)
        }
        router.add("GET", "/headers") { request in
            .text(200, request.headers.values("x-multi").joined(separator: "|") + " " + (request.remoteAddress ?? "-"))
        }
        router.add("GET", "/big") { request in
            let megabytes = Int(request.query["mb"] ?? "4") ?? 4
            return HTTPResponse(status: 200, body: [UInt8](repeating: 0x61, count: megabytes << 20))
        }
        router.add("GET", "/fail") { _ in throw TestClientError(description: "secret internal detail") }
        router.add("GET", "/sleep") { request in
            let milliseconds = Int(request.query["ms"] ?? "100") ?? 100
            try await Task.sleep(for: .milliseconds(milliseconds))
            return .text(200, "slept")
        }
        return router
    }

    static func configuration(port: Int = 0) -> HTTPServerConfiguration {
        HTTPServerConfiguration(host: "127.0.0.1", port: port, headerReadTimeout: .seconds(2), idleTimeout: .seconds(2),
                                maxConnections: 512, shutdownGracePeriod: .seconds(2))
    }

    static func withServer(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in }, router: Router = router(),
                           _ body: (HTTPServer, Int) async throws -> Void) async throws {
        var configuration = configuration()
        configure(&configuration)
        let server = HTTPServer(configuration: configuration, router: router)
        let port = try await server.start()
        do {
            try await body(server, port)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }
}

/// A counter visible to handlers and tests.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() { value.add(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}
