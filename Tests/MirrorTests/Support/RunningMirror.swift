import Foundation
import Logging
@testable import Mirror
import TestSupport

/// A `MirrorService` on a test database, listening on 127.0.0.1 at a free port.
struct RunningMirror: Sendable {
    let service: MirrorService
    let client: HTTPTestClient
    let test: TestDatabase

    static func with<T: Sendable>(
        _ kind: TestDatabaseKind,
        settings extra: [String: String] = [:],
        options: ServeOptions = ServeOptions(),
        clock: TestClock = TestClock(),
        _ body: (RunningMirror) async throws -> T
    ) async throws -> T {
        try await TestDatabase.with(kind) { test in
            var values = ["DATABASE_URL": test.url, "MIRROR_LISTEN": "127.0.0.1:0",
                          "CLERK_WEBHOOK_SIGNING_SECRET": WebhookEndpointTests.secret]
            values.merge(extra) { $1 }
            let settings = try Settings(values: values)
            let service = try MirrorService(settings: settings, options: options, logger: .disabled, now: clock.now)
            let port = try await service.start()
            let running = RunningMirror(service: service, client: HTTPTestClient(port: port), test: test)
            do {
                let result = try await body(running)
                await service.shutdown()
                return result
            } catch {
                await service.shutdown()
                throw error
            }
        }
    }
}
