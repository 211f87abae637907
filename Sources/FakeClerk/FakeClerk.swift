import Foundation
import HTTPServer
import Logging

/// A stand-in for Clerk's Backend API (`GET /v1/users…`, `GET /v1/sessions…`) over a real
/// socket, with `configuration.users` generated users, changes made by tests, and injected
/// faults. Start it, point a client at `baseURL`, change data or faults at any time.
public final class FakeClerk: Sendable {
    public let configuration: FakeClerkConfiguration
    let instance: FakeInstance
    private let server: HTTPServer

    public init(configuration: FakeClerkConfiguration, logger: Logger = .disabled) {
        self.configuration = configuration
        self.instance = FakeInstance(configuration: configuration, logger: logger)
        let http = HTTPServerConfiguration(host: configuration.host, port: configuration.port,
                                           shutdownGracePeriod: .seconds(2), logger: logger.child("fake-clerk.http"))
        self.server = HTTPServer(configuration: http, router: FakeClerkRoutes.router(for: instance))
    }

    /// Binds and starts answering; returns the bound port.
    public func start() async throws -> Int {
        try await server.start()
    }

    /// `http://HOST:PORT`, without `/v1` (the form `CLERK_API_URL` takes). The configured
    /// port until started.
    public var baseURL: URL {
        let host = configuration.host.contains(":") && !configuration.host.hasPrefix("[")
            ? "[\(configuration.host)]" : configuration.host
        return URL(string: "http://\(host):\(server.port ?? configuration.port)")!
    }

    /// Stops answering; in-flight requests get a short grace period.
    public func shutdown() async {
        await server.shutdown()
    }

    /// Returns once the server has stopped (after `shutdown()`).
    public func run() async throws {
        try await server.run()
    }

    // MARK: Faults and traffic

    /// The faults in force; a change applies to the next request.
    public var faults: FakeClerkFaults {
        get { instance.traffic.withLock { $0.faults } }
        set { instance.traffic.withLock { $0.faults = newValue } }
    }

    /// Runs `hook` at the start of every request, before any fault or answer, with the
    /// request's number (from 1) and path: tests change data mid-pass from here. Replaces
    /// an earlier hook. It runs on the server's tasks and must not block.
    public func onRequest(_ hook: @escaping @Sendable (_ requestNumber: Int, _ path: String) -> Void) {
        instance.traffic.withLock { $0.hook = hook }
    }

    /// Every request answered so far, in the order answered.
    public var requests: [FakeClerkRequest] {
        instance.traffic.withLock { $0.log }
    }
}
