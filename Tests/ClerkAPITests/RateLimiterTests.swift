import ClerkAPI
import Foundation
import Synchronization
import Testing

/// A clock whose sleeps return at once, moving time forward to the deadline: the
/// limiter's schedule can then be checked exactly and instantly.
final class JumpingClock: RateLimiterClock {
    private let reading = Mutex<Duration>(.zero)

    var now: Duration { reading.withLock { $0 } }

    func sleep(until deadline: Duration) async throws {
        try Task.checkCancellation()
        reading.withLock { $0 = max($0, deadline) }
        await Task.yield()
    }

    func advance(by duration: Duration) { reading.withLock { $0 += duration } }
}

/// For every i: times[i + allowed] - times[i] >= window - epsilon, i.e. no window of
/// `window` holds more than `allowed` starts. Returns the smallest such span.
func smallestSpan(_ times: [Duration], allowed: Int) -> Duration? {
    let sorted = times.sorted()
    guard sorted.count > allowed else { return nil }
    return (0..<(sorted.count - allowed)).map { sorted[$0 + allowed] - sorted[$0] }.min()
}

@Suite("Rate limiter")
struct RateLimiterTests {
    @Test(arguments: [20.0, 2.5, 1.0, 3.0, 7.3, 100.0])
    func noWindowOfOneSecondHoldsMoreThanCeilRate(rate: Double) async throws {
        let clock = JumpingClock()
        let limiter = RateLimiter(requestsPerSecond: rate, clock: clock)
        let grants = Recorder<Duration>()
        // Concurrent callers, some arriving late.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for _ in 0..<15 {
                        let granted = try await limiter.acquire()
                        grants.append(granted)
                        if worker % 3 == 0 { await Task.yield() }
                    }
                }
            }
            try await group.waitForAll()
        }
        let times = grants.all
        #expect(times.count == 120)
        let allowed = Int(rate.rounded(.up))
        let span = try #require(smallestSpan(times, allowed: allowed))
        #expect(span >= .seconds(1), "rate \(rate): \(allowed + 1) starts within \(span)")
        // Consecutive grants are spaced by the interval, never less.
        let sorted = times.sorted()
        let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= limiter.interval })
        // Over a long stretch the average rate is the configured one, not ceil(rate).
        let perTen = sorted.filter { $0 < .seconds(10) }.count
        #expect(perTen <= Int((rate * 10).rounded(.up)), "rate \(rate): \(perTen) in 10 s")
        #expect(await limiter.grantedCount == 120)
    }

    @Test func sequentialCallerGetsExactSlots() async throws {
        let clock = JumpingClock()
        let limiter = RateLimiter(requestsPerSecond: 2.5, clock: clock)
        var times: [Duration] = []
        for _ in 0..<6 { times.append(try await limiter.acquire()) }
        #expect(times == (0..<6).map { .milliseconds(400 * $0) })
        // Each call arrived at the previous grant and waited one interval.
        #expect(abs(await limiter.waitedSeconds - 2.0) < 1e-9)
        // An idle limiter does not save up a burst.
        clock.advance(by: .seconds(60))
        let a = try await limiter.acquire()
        let b = try await limiter.acquire()
        #expect(b - a == .milliseconds(400))
    }

    @Test func pauseHoldsEveryCaller() async throws {
        let clock = JumpingClock()
        let limiter = RateLimiter(requestsPerSecond: 10, clock: clock)
        _ = try await limiter.acquire()
        await limiter.pause(for: .seconds(5))
        let times = try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<5 { group.addTask { try await limiter.acquire() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(times.allSatisfy { $0 >= .seconds(5) })
        #expect(smallestSpan(times, allowed: 1).map { $0 >= .milliseconds(100) } == true)
        // A shorter pause does not shorten the one in force.
        await limiter.pause(for: .seconds(3))
        await limiter.pause(for: .seconds(1))
        let now = clock.now
        #expect(try await limiter.acquire() >= now + .seconds(3))
    }

    @Test func pauseHoldsCallersAlreadyQueued() async throws {
        let limiter = RateLimiter(requestsPerSecond: 5)
        try await limiter.acquire()
        let clock = ContinuousClock()
        let (pausedAt, times) = try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
            for _ in 0..<3 { group.addTask { try await limiter.acquire(); return clock.now } }
            // All three are asleep until their slots (0.2, 0.4, 0.6 s) when the pause begins.
            while await limiter.waitingCount < 3 { try await Task.sleep(for: .milliseconds(2)) }
            await limiter.pause(for: .milliseconds(500))
            let pausedAt = clock.now
            return (pausedAt, try await group.reduce(into: []) { $0.append($1) }.sorted())
        }
        #expect(times.allSatisfy { $0 - pausedAt >= .milliseconds(495) }, "\(times.map { $0 - pausedAt })")
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= .milliseconds(195) }, "\(gaps)")
        #expect(await limiter.waitingCount == 0)
    }

    @Test func maxWaitRefusesWithoutTakingASlot() async throws {
        let clock = JumpingClock()
        let limiter = RateLimiter(requestsPerSecond: 1, clock: clock)
        await limiter.pause(for: .seconds(30))
        await #expect(throws: ClerkAPIError.rateLimitWaitExceeded(wait: .seconds(30))) {
            try await limiter.acquire(maxWait: .seconds(10))
        }
        #expect(try await limiter.acquire(maxWait: .seconds(31)) == .seconds(30))
        #expect(await limiter.grantedCount == 1)
    }

    @Test func cancelledWaiterThrowsAndOthersGoOn() async throws {
        let limiter = RateLimiter(requestsPerSecond: 2)
        try await limiter.acquire()
        await limiter.pause(for: .seconds(10))
        let waiter = Task { try await limiter.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.grantedCount == 1)
    }

    @Test func fractionalRateOnTheRealClock() async throws {
        let limiter = RateLimiter(requestsPerSecond: 2.5)
        let times = try await withThrowingTaskGroup(of: Duration.self) { group in
            for _ in 0..<6 { group.addTask { try await limiter.acquire() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }.sorted()
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= .milliseconds(400) }, "\(gaps)")
        #expect(try #require(smallestSpan(times, allowed: 3)) >= .seconds(1))
        #expect(times.last! - times.first! < .milliseconds(3500))
    }

    /// The measured check: 64 requests at 20/s from 8 concurrent callers, start times taken
    /// by the server.
    @Test func requestsReachTheServerAtMostCeilRatePerSecond() async throws {
        let server = try StubServer { _, _ in .json(200, "[]") }
        let client = makeClient(server, rate: 20)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask { for _ in 0..<8 { _ = try await client.listUsers(UserListQuery(limit: 1)) } }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        let times = server.requests.map { start.duration(to: $0.receivedAt) }
        #expect(times.count == 64)
        let span = try #require(smallestSpan(times, allowed: 20))
        // Grants are a second apart per 20; the server sees them later by each request's
        // own delay, which on a loaded machine varies by tens of milliseconds. Without the
        // limiter, 21 requests arrive within a few milliseconds.
        #expect(span >= .milliseconds(850), "21 requests started within \(span)")
        #expect(elapsed >= .milliseconds(3100) && elapsed < .seconds(9), "\(elapsed)")
        #expect(client.metrics.snapshot().responsesByStatus == [200: 64])
        #expect(await client.rateLimiter.waitedSeconds > 10)
    }

    /// One caller's 429 holds the others, who were already waiting or arrive later.
    @Test func a429PausesConcurrentCallers() async throws {
        let server = try StubServer { request, index in
            index == 0 ? .json(429, "{}", headers: [("Retry-After", "1")]) : .json(200, "[]")
        }
        let limiter = RateLimiter(requestsPerSecond: 50)
        let client = makeClient(server, limiter: limiter)
        let other = makeClient(server, limiter: limiter)  // another client, same process limiter
        let first = Task { try await client.listUsers(UserListQuery(limit: 1)) }
        // Once the 429 has been read, no one may start before Retry-After has passed.
        while await limiter.pausedUntilReading == nil { try await Task.sleep(for: .milliseconds(5)) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    _ = try await (index % 2 == 0 ? client : other).listUsers(UserListQuery(limit: 2))
                }
            }
            try await group.waitForAll()
        }
        _ = try await first.value
        let requests = server.requests
        try #require(requests.count == 6)
        let rateLimited = requests[0].receivedAt
        for request in requests.dropFirst() {
            #expect(request.receivedAt - rateLimited >= .milliseconds(950))
        }
    }
}
