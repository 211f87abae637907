import ClerkAPI
import Foundation
import Testing

@Suite("Errors and retries")
struct ErrorAndRetryTests {
    @Test func getUserReturnsNilOnResourceNotFound() async throws {
        let server = try StubServer { request, _ in
            .json(404, clerkError(code: "resource_not_found", message: "not found",
                                  longMessage: "No user was found with id user_gone"))
        }
        #expect(try await makeClient(server).getUser(id: "user_gone") == nil)
        #expect(server.requests.count == 1)
    }

    @Test func a404WithoutClerksCodeIsThrownNotTakenForADeletedUser() async throws {
        let server = try StubServer { _, _ in .respond(status: 404, headers: [], body: Array("Not Found".utf8)) }
        await #expect(throws: ClerkAPIError.http(status: 404, code: nil, message: nil, longMessage: nil,
                                                 traceID: nil, retryAfter: nil)) {
            try await makeClient(server).getUser(id: "user_1")
        }
    }

    @Test(arguments: ["authentication_invalid", "clerk_key_invalid"])
    func unauthorizedIsTypedAndNotRetried(code: String) async throws {
        let server = try StubServer { _, _ in
            .json(401, clerkError(code: code, message: "Invalid authentication",
                                  longMessage: "The provided Clerk Secret Key is invalid.", traceID: "trace-abc"))
        }
        let logs = LogCollector()
        let client = makeClient(server, logger: logs.logger)
        do {
            _ = try await client.listUsers(UserListQuery())
            Issue.record("expected an error")
        } catch let error as ClerkAPIError {
            #expect(error == .http(status: 401, code: code, message: "Invalid authentication",
                                   longMessage: "The provided Clerk Secret Key is invalid.",
                                   traceID: "trace-abc", retryAfter: nil))
            #expect(!error.isRetryable)
            #expect(error.status == 401 && error.code == code)
            #expect(error.description == "Clerk API answered HTTP 401 \(code): The provided Clerk Secret Key is invalid. [trace trace-abc]")
            #expect(!error.description.contains(testSecret) && !error.description.contains("Bearer"))
        }
        #expect(server.requests.count == 1)
        #expect(client.metrics.snapshot().responsesByStatus == [401: 1])
        #expect(logs.all.isEmpty)
    }

    @Test func traceIDFallsBackToTheHeaderAndNonJSONBodiesAreTolerated() async throws {
        let server = try StubServer { _, _ in
            .respond(status: 400, headers: [("Clerk-Trace-Id", "hdr-trace")], body: Array("oops\nnot json".utf8))
        }
        do {
            _ = try await makeClient(server).countUsers()
        } catch let error as ClerkAPIError {
            #expect(error == .http(status: 400, code: nil, message: nil, longMessage: nil,
                                   traceID: "hdr-trace", retryAfter: nil))
        }
    }

    @Test func retryAfterIsHonoured() async throws {
        let server = try StubServer { _, index in
            index == 0
                ? .json(429, clerkError(code: "too_many_requests", message: "Too many requests",
                                        longMessage: "Too many requests, retry later"), headers: [("Retry-After", "1")])
                : .json(200, "[" + user("user_1") + "]")
        }
        let logs = LogCollector()
        let client = makeClient(server, logger: logs.logger)
        let start = ContinuousClock.now
        let page = try await client.listUsers(UserListQuery())
        let elapsed = ContinuousClock.now - start
        #expect(page.users.map(\.id) == ["user_1"])
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(950))
        #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(5))
        #expect(await client.rateLimiter.waitedSeconds >= 0.95)
        #expect(client.metrics.snapshot().responsesByStatus == [429: 1, 200: 1])
        let record = try #require(logs.all.first { $0.event == "clerk_api_rate_limited" })
        #expect(record.level == .warning)
        #expect(record.fields.contains { $0 == ("status", "429") })
        #expect(record.fields.contains { $0 == ("attempt", "1") })
        #expect(record.fields.contains { $0 == ("wait", "1 s") })
    }

    @Test func absurdRetryAfterIsClampedAndSaid() async throws {
        let server = try StubServer { _, index in
            index == 0 ? .json(429, "{}", headers: [("Retry-After", "86400")]) : .json(200, "[]")
        }
        let logs = LogCollector()
        var policy = fastPolicy()
        policy.maxRetryAfter = .milliseconds(100)
        let start = ContinuousClock.now
        _ = try await makeClient(server, policy: policy, logger: logs.logger).listUsers(UserListQuery())
        #expect(ContinuousClock.now - start < .seconds(5), "a day's Retry-After was not waited out")
        let record = try #require(logs.all.first { $0.event == "clerk_api_retry_after_clamped" })
        #expect(record.fields.contains { $0 == ("retry_after", "86400 s") })
        #expect(record.fields.contains { $0 == ("clamped_to", "0.1 s") })
    }

    @Test func missingRetryAfterUsesTheDefault() async throws {
        let server = try StubServer { _, index in index == 0 ? .json(429, "{}") : .json(200, "[]") }
        _ = try await makeClient(server).listUsers(UserListQuery())
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[1].receivedAt - requests[0].receivedAt >= .milliseconds(45))
    }

    @Test func serverErrorsAreRetriedThenSucceed() async throws {
        let statuses = [500, 502, 503]
        let server = try StubServer { _, index in
            index < statuses.count ? .json(statuses[index], "{}") : .json(200, "[" + user("user_1") + "]")
        }
        let logs = LogCollector()
        let client = makeClient(server, logger: logs.logger)
        let page = try await client.listUsers(UserListQuery())
        #expect(page.users.count == 1)
        #expect(server.requests.count == 4)
        let metrics = client.metrics.snapshot()
        #expect(metrics.responsesByStatus == [500: 1, 502: 1, 503: 1, 200: 1])
        #expect(metrics.retries == 3)
        let retries = logs.all.filter { $0.event == "clerk_api_retry" }
        #expect(retries.map { $0.fields.first { $0.0 == "status" }?.1 } == ["500", "502", "503"])
        #expect(retries.map { $0.fields.first { $0.0 == "attempt" }?.1 } == ["1", "2", "3"])
        #expect(retries.allSatisfy { record in record.fields.contains { $0.0 == "wait" } })
    }

    @Test func persistentServerErrorGivesUpAfterMaxAttempts() async throws {
        let server = try StubServer { _, _ in
            .json(500, clerkError(code: "internal_clerk_error", message: "Oops", longMessage: "Oops, an unexpected error"))
        }
        do {
            _ = try await makeClient(server, policy: fastPolicy(maxAttempts: 4)).listUsers(UserListQuery())
            Issue.record("expected an error")
        } catch let error as ClerkAPIError {
            #expect(error.status == 500 && error.code == "internal_clerk_error")
            #expect(error.isRetryable)
        }
        #expect(server.requests.count == 4)
    }

    @Test func backoffGrowsExponentially() async throws {
        var policy = fastPolicy(maxAttempts: 4)
        policy.jitter = false
        policy.baseBackoff = .milliseconds(40)
        policy.maxBackoff = .milliseconds(100)
        #expect(policy.backoff(beforeRetry: 1) == .milliseconds(40))
        #expect(policy.backoff(beforeRetry: 2) == .milliseconds(80))
        #expect(policy.backoff(beforeRetry: 3) == .milliseconds(100))
        let server = try StubServer { _, _ in .json(503, "{}") }
        _ = try? await makeClient(server, policy: policy).listUsers(UserListQuery())
        let times = server.requests.map(\.receivedAt)
        try #require(times.count == 4)
        #expect(times[1] - times[0] >= .milliseconds(40))
        #expect(times[2] - times[1] >= .milliseconds(80))
        #expect(times[3] - times[2] >= .milliseconds(100))
        var jittered = RetryPolicy.default
        jittered.maxBackoff = .seconds(30)
        for retry in 1...10 {
            let wait = jittered.backoff(beforeRetry: retry)
            #expect(wait >= .zero && wait <= min(.milliseconds(500) * (1 << (retry - 1)), .seconds(30)))
        }
    }

    @Test(arguments: [400, 403, 409, 422])
    func otherClientErrorsAreNotRetried(status: Int) async throws {
        let server = try StubServer { _, _ in .json(status, "{}") }
        await #expect(throws: ClerkAPIError.self) { try await makeClient(server).listUsers(UserListQuery()) }
        #expect(server.requests.count == 1)
    }

    @Test func timeoutIsRetriedThenTransport() async throws {
        let server = try StubServer { _, _ in .hang }
        let client = makeClient(server, policy: fastPolicy(maxAttempts: 2), timeout: .milliseconds(500))
        let start = ContinuousClock.now
        do {
            _ = try await client.listUsers(UserListQuery())
            Issue.record("expected an error")
        } catch let error as ClerkAPIError {
            #expect(error == .transport("timed out after 0.5 s (127.0.0.1:\(server.port))"))
            #expect(error.isRetryable)
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(1000) && elapsed < .seconds(6))
        #expect(server.requests.count == 2)
        #expect(client.metrics.snapshot().transportErrors == 2)
    }

    @Test func slowAnswerWithinTheTimeoutSucceeds() async throws {
        let server = try StubServer { _, _ in .delay(.milliseconds(300), .json(200, "[]")) }
        let page = try await makeClient(server, timeout: .seconds(2)).listUsers(UserListQuery())
        #expect(page.users.isEmpty)
    }

    @Test func connectionRefusedIsTransport() async throws {
        let port = try refusedPort()
        let client = makeClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, policy: fastPolicy(maxAttempts: 3))
        do {
            _ = try await client.countUsers()
            Issue.record("expected an error")
        } catch let error as ClerkAPIError {
            #expect(error == .transport("connection refused (127.0.0.1:\(port))"))
        }
        #expect(client.metrics.snapshot().transportErrors == 3)
        #expect(client.metrics.snapshot().retries == 2)
    }

    @Test func cancellationStopsAHangingRequest() async throws {
        let server = try StubServer { _, _ in .hang }
        let client = makeClient(server, timeout: .seconds(20))
        let task = Task { try await client.listUsers(UserListQuery()) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let start = ContinuousClock.now
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(ContinuousClock.now - start < .seconds(5), "not the 20 s timeout")
    }

    @Test func descriptionsNeverShowTheKey() async throws {
        let errors: [ClerkAPIError] = [
            .http(status: 401, code: "clerk_key_invalid", message: "m", longMessage: "line1\nline2",
                  traceID: "t", retryAfter: .seconds(1)),
            .transport("connection refused (127.0.0.1:1)"),
            .malformedResponse("user 3 of the list: \"id\" is not a string"),
            .rateLimitWaitExceeded(wait: .milliseconds(1500)),
            .invalidRequest("limit 0 is outside 1...500"),
        ]
        for error in errors {
            #expect(!error.description.contains(testSecret))
            #expect(!error.description.contains("Bearer"))
            #expect(!error.description.contains("\n"))
        }
        #expect(errors[3].description == "Clerk API rate limiter would wait 1.5 s, more than allowed")

        // Everything the client logged and threw while failing in several ways.
        let logs = LogCollector()
        let server = try StubServer { _, index in
            [StubAction.json(503, "{}"), .hang, .json(429, "{}", headers: [("Retry-After", "0")])][index % 3]
        }
        let client = makeClient(server, policy: fastPolicy(maxAttempts: 3), timeout: .milliseconds(300), logger: logs.logger)
        do {
            _ = try await client.listUsers(UserListQuery())
        } catch {
            #expect(!"\(error)".contains(testSecret) && !"\(error)".contains("Bearer"))
        }
        #expect(logs.all.count >= 3)
        for record in logs.all {
            for (name, value) in record.fields {
                #expect(!value.contains(testSecret) && !value.contains("Bearer") && !name.contains("uthorization"))
            }
        }
        #expect(!"\(client.configuration)".contains(testSecret))
    }
}
