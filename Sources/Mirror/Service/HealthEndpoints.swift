import HTTPServer
import Store

/// `/healthz` (the process runs), `/readyz` (the store answers and is migrated) and
/// `/metrics` (Prometheus text format).
struct HealthEndpoints: Sendable {
    let database: any Database
    let metrics: MetricsRegistry

    func register(in router: inout Router) {
        router.add("GET", "/healthz") { _ in .json(200, Array(#"{"status":"ok"}"#.utf8)) }
        router.add("GET", "/readyz") { _ in await readiness() }
        router.add("GET", "/metrics") { _ in
            var response = HTTPResponse(status: 200, body: Array(await metrics.collect().utf8))
            response.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            return response
        }
    }

    private func readiness() async -> HTTPResponse {
        do {
            let pending = try await MigrationRunner(database: database).pending()
            guard pending.isEmpty else {
                return .json(503, Array(#"{"status":"not ready","reason":"migrations pending"}"#.utf8))
            }
            return .json(200, Array(#"{"status":"ready"}"#.utf8))
        } catch {
            return .json(503, Array(#"{"status":"not ready","reason":"store unavailable"}"#.utf8))
        }
    }
}
