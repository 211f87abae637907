@testable import Mirror
import Testing

@Suite struct HealthProbeTests {
    @Test func wildcardAddressesAreAskedOverLoopback() throws {
        #expect(try HealthProbe.url(for: ListenAddress(host: "0.0.0.0", port: 8080)).absoluteString == "http://127.0.0.1:8080/healthz")
        #expect(try HealthProbe.url(for: ListenAddress(host: "::", port: 9000)).absoluteString == "http://[::1]:9000/healthz")
        #expect(try HealthProbe.url(for: ListenAddress(host: "10.1.2.3", port: 80)).absoluteString == "http://10.1.2.3:80/healthz")
        #expect(throws: HealthProbe.Failure.self) { try HealthProbe.url(for: ListenAddress(host: "127.0.0.1", port: 0)) }
    }

    /// The probe against a real service: 200 passes; once it has stopped, the probe fails.
    @Test func probeFollowsTheService() async throws {
        try await RunningMirror.with(.sqlite, options: ServeOptions(noWebhooks: true)) { mirror in
            let listen = ListenAddress(host: "127.0.0.1", port: mirror.client.base.port ?? 0)
            try await HealthProbe.check(listen)
            await mirror.service.shutdown()
            await #expect(throws: HealthProbe.Failure.self) { try await HealthProbe.check(listen) }
        }
    }
}
