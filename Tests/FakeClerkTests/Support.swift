@testable import FakeClerk
import Foundation
import Synchronization
import Testing

/// Runs blocking work on a thread of its own, never on Swift's cooperative pool.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

struct TestResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as Foundation objects; fails the test when it is not JSON.
    func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    }

    func array() throws -> [[String: Any]] {
        try #require(try json() as? [[String: Any]])
    }

    func object() throws -> [String: Any] {
        try #require(try json() as? [String: Any])
    }

    /// The first error's code and the trace id of a Clerk error body.
    func clerkError() throws -> (code: String, paramName: String?, traceID: String) {
        let body = try object()
        let errors = try #require(body["errors"] as? [[String: Any]])
        let first = try #require(errors.first)
        #expect(first["message"] is String)
        #expect(first["long_message"] is String)
        let meta = first["meta"] as? [String: Any]
        return (try #require(first["code"] as? String), meta?["param_name"] as? String,
                try #require(body["clerk_trace_id"] as? String))
    }
}

/// A started fake and a keep-alive client to it; the client blocks, so it runs on a thread.
final class FakeClerkHarness: Sendable {
    let fake: FakeClerk
    let port: Int
    let key: String

    static func start(users: Int, seed: UInt64 = 7, faults: FakeClerkFaults = FakeClerkFaults()) async throws
        -> FakeClerkHarness {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: users, seed: seed, faults: faults))
        let port = try await fake.start()
        return FakeClerkHarness(fake: fake, port: port, key: fake.configuration.secretKey)
    }

    private init(fake: FakeClerk, port: Int, key: String) {
        self.fake = fake
        self.port = port
        self.key = key
    }

    /// `GET target` with the right key (or `authorization`, nil for none).
    func get(_ target: String, authorization: String?? = .none) async throws -> TestResponse {
        try await get([target], authorization: authorization)[0]
    }

    /// Several GETs in order over one kept-alive connection.
    func get(_ targets: [String], authorization: String?? = .none) async throws -> [TestResponse] {
        let endpoint = HTTPEndpoint(host: "127.0.0.1", port: port, target: "/")
        let header = authorization ?? "Bearer \(key)"
        return try await offload {
            var connection = try BlockingHTTPConnection(endpoint: endpoint, timeout: .seconds(10))
            var responses: [TestResponse] = []
            for target in targets {
                let response = try connection.exchange(method: "GET", target: target,
                                                       headers: header.map { [("Authorization", $0)] } ?? [], body: [])
                if !response.keepAlive { connection = try BlockingHTTPConnection(endpoint: endpoint, timeout: .seconds(10)) }
                responses.append(TestResponse(status: response.status, headers: response.headers, body: response.body))
            }
            return responses
        }
    }

    /// Walks `GET /v1/users` page by page: with the cursor, or with offsets.
    func walk(limit: Int, order: String? = nil, cursor: Bool) async throws -> [String] {
        var ids: [String] = []
        var pages = 0
        while true {
            var query = "limit=\(limit)"
            if let order { query += "&order_by=\(order)" }
            if cursor, let last = ids.last { query += "&starting_after=\(last)" }
            if !cursor { query += "&offset=\(ids.count)" }
            let response = try await get("/v1/users?\(query)")
            try #require(response.status == 200)
            let page = try response.array().compactMap { $0["id"] as? String }
            ids += page
            pages += 1
            if page.count < limit || pages > 10_000 { return ids }
        }
    }

    func stop() async {
        await fake.shutdown()
    }
}

extension Array where Element == [String: Any] {
    var ids: [String] { compactMap { $0["id"] as? String } }
}

/// Starts a fake, runs `body` with it, and always stops it.
func withFake<T>(users: Int, seed: UInt64 = 7, faults: FakeClerkFaults = FakeClerkFaults(),
                 _ body: (FakeClerkHarness) async throws -> T) async throws -> T {
    let harness = try await FakeClerkHarness.start(users: users, seed: seed, faults: faults)
    do {
        let result = try await body(harness)
        await harness.stop()
        return result
    } catch {
        await harness.stop()
        throw error
    }
}

/// Values appended from concurrent code.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    var all: [Value] { values.withLock { $0 } }
    func append(_ value: Value) { values.withLock { $0.append(value) } }
}
