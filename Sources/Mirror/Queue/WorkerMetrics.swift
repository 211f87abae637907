/// Counters of the inbox worker, for `/metrics`.
public struct WorkerMetrics: Sendable {
    /// Events applied, by type and outcome.
    public let applied: Counter
    /// Failed attempts and dead letters.
    public let failures: Counter
    /// Seconds from webhook receipt to the commit that applied the event.
    public let lag: Histogram

    public init(registry: MetricsRegistry) {
        applied = registry.counter("clerk_mirror_events_applied_total",
                                   help: "Inbox events applied, by type and outcome.", labels: ["type", "outcome"])
        failures = registry.counter("clerk_mirror_event_failures_total",
                                    help: "Failed attempts to apply an event, by result (retry, dead).", labels: ["result"])
        lag = registry.histogram("clerk_mirror_apply_lag_seconds", help: "Time from webhook receipt to applied.",
                                 buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300])
    }
}
