import Foundation
import Signing
import Synchronization
import TestSupport
import Testing

/// Malformed and random requests (10,000; 100,000 in the long run) from 8 connections at a
/// time, beside slowloris connections that drip a header byte a second: the real binary
/// does not crash, answers no 5xx, its memory stays flat, it keeps serving valid requests
/// throughout, and it closes the slowloris connections at its header deadline.
@Suite struct AbuseReliabilityTests {
    @Test func malformedRequestsAndSlowlorisLeaveTheServerServing() async throws {
        try await TestDatabase.with(.sqlite, migrated: false) { test in
            let serve = try ServeProcess(environment: EndToEnd.environment(test))
            defer { serve.kill() }
            let port = try await serve.port()
            let total = Reliability.size(short: 10_000, long: 100_000)
            let slowCount = Reliability.size(short: 100, long: 500)
            let tally = AbuseTally()

            let slowloris = Slowloris(port: port, connections: slowCount)
            let slowClosed = Task { await slowloris.run(for: .seconds(30)) }
            // A warm-up tenth, then the baseline: what the server keeps after its first burst.
            await Self.onThreads(8) { lane in Self.abuse(port: port, lane: lane, range: 0..<(total / 10), tally: tally) }
            let baseline = try Self.residentKilobytes(serve.pid)
            await Self.onThreads(8) { lane in Self.abuse(port: port, lane: lane, range: (total / 10)..<total, tally: tally) }
            let after = try Self.residentKilobytes(serve.pid)

            let client = TestHTTPClient(port: port)
            #expect(try await client.send("GET", "/healthz").status == 200)
            let body = EndToEnd.userCreated("user_after_abuse", email: "after@example.com")
            #expect((200..<300).contains(try await EndToEnd.deliver(client, id: "msg_after_abuse", body: body)))
            try await EndToEnd.waitUntilApplied(client)
            #expect(try await EndToEnd.count(test, "SELECT count(*) FROM users") == 1)
            let closedBySever = await slowClosed.value

            let counts = tally.counts.withLock { $0 }
            #expect(counts.sent == total)
            #expect(counts.serverErrors == 0, "5xx answers to abuse: \(counts)")
            #expect(counts.validServed == counts.validSent, "valid requests not served during the abuse: \(counts)")
            #expect(closedBySever == slowCount, "slowloris connections still open after 30 s: \(slowCount - closedBySever)")
            // Flat: a leak of a kilobyte a request would show as 10 MB (100 MB in the long run).
            #expect(after - baseline < 32_768, "RSS grew from \(baseline) kB to \(after) kB")
            serve.signal(SIGTERM)
            #expect(try await serve.waitForExit() == 0)
            Reliability.record("HTTP abuse", "sqlite", [
                "requests": counts.sent, "answered": counts.answered, "closed_unanswered": counts.sent - counts.answered,
                "answered_5xx": counts.serverErrors, "valid_served": "\(counts.validServed)/\(counts.validSent)",
                "slowloris_closed": "\(closedBySever)/\(slowCount)", "rss_kb_baseline": baseline, "rss_kb_after": after,
            ])
        }
    }

    /// One lane's share of `range`: an abusive request each, and a valid one every 50th.
    private static func abuse(port: Int, lane: Int, range: Range<Int>, tally: AbuseTally) {
        var random = SeededRandom(seed: UInt64(lane * 1_000_003 + range.lowerBound))
        for index in range where index % 8 == lane {
            if index % 50 == 0 {
                let ok = RawConnection(port: port).map { connection in
                    defer { connection.close() }
                    connection.send(Array("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
                    return RawConnection.status(connection.finish()) == 200
                } ?? false
                tally.counts.withLock { $0.validSent += 1; $0.validServed += ok ? 1 : 0 }
            }
            let request = AbuseRequests.make(index, &random)
            let status: Int? = RawConnection(port: port).flatMap { connection in
                defer { connection.close() }
                connection.send(request)
                return RawConnection.status(connection.finish())
            }
            tally.counts.withLock { counts in
                counts.sent += 1
                if let status {
                    counts.answered += 1
                    if status >= 500 { counts.serverErrors += 1 }
                }
            }
        }
    }

    /// Runs `work(lane)` for `lanes` lanes, each on a thread of its own, and waits for all.
    static func onThreads(_ lanes: Int, _ work: @escaping @Sendable (Int) -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        Thread {
                            work(lane)
                            continuation.resume()
                        }.start()
                    }
                }
            }
        }
    }

    /// VmRSS from /proc/PID/status, in kB.
    static func residentKilobytes(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw TestSupportError("no VmRSS for \(pid)")
        }
        return value
    }
}

final class AbuseTally: Sendable {
    struct Counts: CustomStringConvertible {
        var sent = 0
        var answered = 0
        var serverErrors = 0
        var validSent = 0
        var validServed = 0
        var description: String {
            "sent \(sent), answered \(answered), 5xx \(serverErrors), valid \(validServed)/\(validSent)"
        }
    }

    let counts = Mutex(Counts())
}

/// Connections that send a request line and then one header byte a second, never finishing.
struct Slowloris: Sendable {
    let port: Int
    let connections: Int

    /// Drips for at most `limit`; returns how many connections the server closed by then.
    func run(for limit: Duration) async -> Int {
        await withCheckedContinuation { continuation in
            Thread {
                let open = (0..<connections).compactMap { _ in RawConnection(port: port, timeout: 1) }
                open.forEach { $0.send(Array("POST /webhooks/clerk HTTP/1.1\r\nHost: x\r\n".utf8)) }
                var closed = Set<Int32>()
                let deadline = ContinuousClock.now + limit
                while closed.count < open.count && ContinuousClock.now < deadline {
                    Thread.sleep(forTimeInterval: 1)
                    for connection in open where !closed.contains(connection.descriptor) {
                        if connection.peerClosed || !connection.send([UInt8(ascii: "X")]) { closed.insert(connection.descriptor) }
                    }
                }
                open.forEach { $0.close() }
                continuation.resume(returning: closed.count)
            }.start()
        }
    }
}
