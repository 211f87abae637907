import Foundation
@testable import HTTPServer
import TestSupport
import Testing

/// Random and mutated requests, seeded so failures reproduce.
@Suite struct FuzzTests {
    /// Pure parser: whole, split at a random point, and byte by byte must agree, and never crash.
    @Test func parserAgreesAcrossSplits() {
        var generator = SeededRandom(seed: 0xC0FFEE)
        var disagreements: [String] = []
        for round in 0..<3000 {
            let input = FuzzInput.make(&generator)
            let whole = ParserHarness.feed([input[...]], bodyLimit: 64, limits: ParserHarness.testLimits)
            let split = Int.random(in: 0...input.count, using: &generator)
            let two = ParserHarness.feed([input[..<split], input[split...]], bodyLimit: 64, limits: ParserHarness.testLimits)
            let single = ParserHarness.feed(input.indices.map { input[$0...$0] }, bodyLimit: 64, limits: ParserHarness.testLimits)
            if two != whole || single != whole { disagreements.append("round \(round): \(input)") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(2))")
    }

    /// 10,000 inputs over real sockets, four per connection, four clients at a time. Every
    /// connection must end (the server answers or closes once the client half-closes), and a
    /// valid request still succeeds afterwards.
    @Test func serverSurvivesRandomAndMutatedRequests() async throws {
        try await ServerHarness.withServer({
            $0.headerReadTimeout = .seconds(1)
            $0.idleTimeout = .seconds(1)
            $0.maxHeaderBytes = 4096
            $0.defaultBodyLimit = 4096
        }) { _, port in
            let workers = 4
            let inputsPerConnection = 4
            let connectionsPerWorker = 10_000 / (workers * inputsPerConnection)
            let results = try await withThrowingTaskGroup(of: ([String], [Int: Int]).self) { group in
                for worker in 0..<workers {
                    group.addTask {
                        try await offload { () -> ([String], [Int: Int]) in
                            var generator = SeededRandom(seed: 0xF00D + UInt64(worker))
                            var failures: [String] = []
                            var statuses: [Int: Int] = [:]
                            for connection in 0..<connectionsPerWorker {
                                let stream = (0..<inputsPerConnection).flatMap { _ in FuzzInput.make(&generator) }
                                do {
                                    let client = try TestClient(port: port, timeout: 5)
                                    try? client.send(stream)
                                    client.shutdownWrite()
                                    while let response = try client.readResponse() { statuses[response.status, default: 0] += 1 }
                                } catch let error as TestClientError where error.description.hasPrefix("recv errno 11") {
                                    failures.append("worker \(worker) connection \(connection): server hung")
                                } catch {
                                    // Malformed answers to malformed HEAD-like input are fine; hangs and crashes are not.
                                }
                            }
                            return (failures, statuses)
                        }
                    }
                }
                return try await group.reduce(into: ([String](), [Int: Int]())) { total, next in
                    total.0 += next.0
                    total.1.merge(next.1, uniquingKeysWith: +)
                }
            }
            #expect(results.0.isEmpty, "\(results.0.prefix(5))")
            // The inputs reach the handlers as well as the error paths.
            #expect(results.1[200, default: 0] > 100, "\(results.1)")
            #expect(results.1[400, default: 0] > 1000, "\(results.1)")
            let status = try await offload { try TestClient.request(port: port, TestClient.get("/hello"))?.status }
            #expect(status == 200)
        }
    }
}
