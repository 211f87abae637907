/// Counters of the webhook receiver, for `/metrics`.
public struct WebhookMetrics: Sendable {
    /// By result: `stored`, `duplicate`, `ignored`, `dead_letter`, `rejected`, `unavailable`.
    public let received: Counter
    /// Rejections by reason: `missing_headers`, `invalid_timestamp`, `timestamp_too_old`,
    /// `timestamp_too_new`, `no_matching_signature`.
    public let rejected: Counter

    public init(registry: MetricsRegistry) {
        received = registry.counter("clerk_mirror_webhooks_received_total",
                                    help: "Webhook deliveries by result.", labels: ["result"])
        rejected = registry.counter("clerk_mirror_webhooks_rejected_total",
                                    help: "Webhook deliveries refused with 400, by reason.", labels: ["reason"])
    }
}
