import ClerkAPI
import Foundation

/// Reconcile runs and the Backend API, as Prometheus series.
public final class ReconcileMetrics: Sendable {
    let runs: Counter
    let lastCompleteFull: Gauge
    let driftRepaired: Counter
    let rateLimiterWait: Gauge

    public init(registry: MetricsRegistry, client: ClerkClient? = nil) {
        runs = registry.counter("clerk_mirror_reconcile_runs_total", help: "Reconcile passes by kind and outcome.",
                                labels: ["kind", "outcome"])
        lastCompleteFull = registry.gauge("clerk_mirror_reconcile_last_complete_full_timestamp_seconds",
                                          help: "When the last complete full pass finished (Unix seconds).")
        driftRepaired = registry.counter("clerk_mirror_reconcile_drift_repaired_total",
                                         help: "Users the reconciler created, updated or deleted, by kind.", labels: ["kind"])
        rateLimiterWait = registry.gauge("clerk_mirror_clerk_api_rate_limit_wait_seconds_total",
                                         help: "Time Backend API calls spent waiting on the client-side rate limiter.")
        if let client {
            registry.addSeries { text in Self.render(client, into: &text) }
            let gauge = rateLimiterWait
            registry.addRefresher { gauge.set(await client.rateLimiter.waitedSeconds) }
        }
    }

    func record(_ kind: SyncRun.Kind, _ outcome: SyncRun.State, _ progress: SyncProgress, finishedAt: Date) {
        runs.increment(kind.rawValue, outcome.rawValue)
        if kind == .full, outcome == .complete { lastCompleteFull.set(finishedAt.timeIntervalSince1970) }
        driftRepaired.increment("created", by: Double(progress.created))
        driftRepaired.increment("updated", by: Double(progress.updated))
        driftRepaired.increment("deleted", by: Double(progress.deleted))
    }

    /// The client keeps its own counts; they are read at scrape time.
    private static func render(_ client: ClerkClient, into text: inout String) {
        let snapshot = client.metrics.snapshot()
        text += "# HELP clerk_mirror_clerk_api_responses_total Backend API responses by status.\n"
        text += "# TYPE clerk_mirror_clerk_api_responses_total counter\n"
        for (status, count) in snapshot.responsesByStatus.sorted(by: { $0.key < $1.key }) {
            text += "clerk_mirror_clerk_api_responses_total{status=\"\(status)\"} \(count)\n"
        }
        text += "# HELP clerk_mirror_clerk_api_transport_errors_total Backend API requests that got no answer.\n"
        text += "# TYPE clerk_mirror_clerk_api_transport_errors_total counter\n"
        text += "clerk_mirror_clerk_api_transport_errors_total \(snapshot.transportErrors)\n"
        text += "# HELP clerk_mirror_clerk_api_retries_total Backend API requests sent again.\n"
        text += "# TYPE clerk_mirror_clerk_api_retries_total counter\n"
        text += "clerk_mirror_clerk_api_retries_total \(snapshot.retries)\n"
    }
}
