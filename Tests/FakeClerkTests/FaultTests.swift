@testable import FakeClerk
import Foundation
import Testing

@Suite("Injected faults")
struct FaultTests {
    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let limit = FakeClerkFaults.RateLimit(requests: 3, per: .seconds(60))
        try await withFake(users: 10, faults: FakeClerkFaults(rateLimit: limit, retryAfterSeconds: 7)) { harness in
            let responses = try await harness.get(Array(repeating: "/v1/users?limit=1", count: 5))
            #expect(responses.map(\.status) == [200, 200, 200, 429, 429])
            #expect(responses[3].header("Retry-After") == "7")
            #expect(try responses[3].clerkError().code == "too_many_requests")
            // A request without a key is refused before it counts.
            #expect(try await harness.get("/v1/users", authorization: .some(nil)).status == 401)
            harness.fake.faults.rateLimit = nil
            #expect(try await harness.get("/v1/users").status == 200)
        }
    }

    @Test func rateLimitWindowReopens() async throws {
        let limit = FakeClerkFaults.RateLimit(requests: 2, per: .milliseconds(200))
        try await withFake(users: 10, faults: FakeClerkFaults(rateLimit: limit)) { harness in
            let burst = try await harness.get(Array(repeating: "/v1/users/count", count: 3))
            #expect(burst.map(\.status) == [200, 200, 429])
            try await Task.sleep(for: .milliseconds(250))
            #expect(try await harness.get("/v1/users/count").status == 200)
        }
    }

    @Test func persistentOutageFromRequestN() async throws {
        try await withFake(users: 10, faults: FakeClerkFaults(failFromRequest: 3)) { harness in
            let responses = try await harness.get(Array(repeating: "/v1/users?limit=2", count: 6))
            #expect(responses.map(\.status) == [200, 200, 500, 500, 500, 500])
            #expect(try responses[4].clerkError().code == "internal_clerk_error")
            #expect(harness.fake.requests.map(\.number) == [1, 2, 3, 4, 5, 6])
            #expect(harness.fake.requests.map(\.status) == [200, 200, 500, 500, 500, 500])
            #expect(harness.fake.requests[0].query == "limit=2")
        }
    }

    @Test func truncatedBodiesAreCutJSON() async throws {
        try await withFake(users: 50, faults: FakeClerkFaults(truncatedShare: 1)) { harness in
            let response = try await harness.get("/v1/users?limit=5")
            #expect(response.status == 200)
            #expect(throws: (any Error).self) { try response.json() }
            harness.fake.faults.truncatedShare = 0
            #expect(try await harness.get("/v1/users?limit=5").array().count == 5)
        }
    }

    @Test func serverErrorsAreDrawnFromTheThreeStatuses() async throws {
        try await withFake(users: 10, faults: FakeClerkFaults(serverErrorShare: 1)) { harness in
            let statuses = Set(try await harness.get(Array(repeating: "/v1/users/count", count: 40)).map(\.status))
            #expect(statuses == [500, 502, 503])
        }
        try await withFake(users: 10, faults: FakeClerkFaults(serverErrorShare: 0.5)) { harness in
            let statuses = try await harness.get(Array(repeating: "/v1/users/count", count: 60)).map(\.status)
            #expect(statuses.contains(200) && statuses.contains { $0 >= 500 })
        }
    }

    @Test func rejectStartingAfterMakesClientsUseOffsets() async throws {
        try await withFake(users: 30, faults: FakeClerkFaults(rejectStartingAfter: true)) { harness in
            let id = harness.fake.liveUserIDs()[3]
            let refused = try await harness.get("/v1/users?starting_after=\(id)")
            #expect(refused.status == 422)
            #expect(try refused.clerkError().paramName == "starting_after")
            #expect(try await harness.walk(limit: 7, cursor: false).count == 30)
        }
    }

    @Test func latencyDelaysAnswersAndTheHookRunsFirst() async throws {
        try await withFake(users: 10, faults: FakeClerkFaults(latency: .milliseconds(150))) { harness in
            let seen = Recorder<String>()
            harness.fake.onRequest { number, path in seen.append("\(number) \(path)") }
            let started = ContinuousClock.now
            let response = try await harness.get("/v1/users/count")
            #expect(response.status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
            #expect(seen.all == ["1 /v1/users/count"])
        }
    }
}
