/// The two names under which Svix sends the three webhook headers (PROTOCOL.md §1.1).
public enum WebhookHeaderNames: Sendable, CaseIterable {
    /// `svix-id`, `svix-timestamp`, `svix-signature`: what Clerk sends.
    case svix
    /// `webhook-id`, `webhook-timestamp`, `webhook-signature`: the Standard Webhooks names.
    case standard

    public var id: String { self == .svix ? "svix-id" : "webhook-id" }
    public var timestamp: String { self == .svix ? "svix-timestamp" : "webhook-timestamp" }
    public var signature: String { self == .svix ? "svix-signature" : "webhook-signature" }
}
