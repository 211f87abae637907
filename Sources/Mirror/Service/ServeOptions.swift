/// What `clerk-mirror serve` was asked for on its command line.
public struct ServeOptions: Sendable {
    /// Run without the webhook receiver (no signing secret needed).
    public var noWebhooks = false

    public init(noWebhooks: Bool = false) {
        self.noWebhooks = noWebhooks
    }
}
