import Foundation
import Testing
@testable import HTTPServer

/// Graceful shutdown: in-flight requests finish, idle ones close, the grace period is a hard stop.
extension HTTPServerTests {
    @Test func gracefulShutdownWaitsForInFlightRequest() async throws {
        let server = HTTPServer(configuration: ServerHarness.configuration(), router: ServerHarness.router())
        let port = try await server.start()
        let request = Task {
            try await offload { () -> TestResponse? in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/sleep?ms=500"))
                return try client.readResponse()
            }
        }
        try await Task.sleep(for: .milliseconds(150))
        let start = ContinuousClock.now
        await server.shutdown()
        let elapsed = ContinuousClock.now - start
        let response = try await request.value
        #expect(response?.status == 200)
        #expect(response?.header("Connection") == "close")
        #expect(elapsed > .milliseconds(200))
        let refused = try await offload { () -> Bool in
            do {
                _ = try TestClient(port: port)
                return false
            } catch {
                return true
            }
        }
        #expect(refused)
    }

    @Test func shutdownClosesIdleConnectionsAndCutsOffAfterGrace() async throws {
        var configuration = ServerHarness.configuration()
        configuration.shutdownGracePeriod = .milliseconds(300)
        configuration.idleTimeout = .seconds(30)
        let server = HTTPServer(configuration: configuration, router: ServerHarness.router())
        let port = try await server.start()
        let idle = try await offload { () -> TestClient in
            let client = try TestClient(port: port)
            try client.send(TestClient.get("/hello"))
            _ = try client.readResponse()
            return client
        }
        let stuck = Task {
            try await offload { () -> TestResponse? in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/sleep?ms=20000"))
                return try client.readResponse()
            }
        }
        try await Task.sleep(for: .milliseconds(150))
        let start = ContinuousClock.now
        await server.shutdown()
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(try await stuck.value == nil)
        #expect(try await offload { try idle.readsEOF() })
    }
}
