/// The Clerk webhook events the fake can build (PROTOCOL.md §2.1, the user and session ones).
public enum ClerkWebhookEventType: String, Sendable, CaseIterable {
    case userCreated = "user.created"
    case userUpdated = "user.updated"
    case userDeleted = "user.deleted"
    case sessionCreated = "session.created"
    case sessionPending = "session.pending"
    case sessionEnded = "session.ended"
    case sessionRemoved = "session.removed"
    case sessionRevoked = "session.revoked"

    /// The session status the event reports, as in Clerk's examples (nil for user events).
    var sessionStatus: String? {
        switch self {
        case .userCreated, .userUpdated, .userDeleted: nil
        case .sessionCreated: "active"
        case .sessionPending: "pending"
        case .sessionEnded: "ended"
        case .sessionRemoved: "removed"
        case .sessionRevoked: "revoked"
        }
    }
}

/// One webhook message as Svix sends it: the id that stays the same across retries, and the
/// body that is signed.
public struct WebhookMessage: Sendable {
    /// `msg_…`, the `svix-id` header.
    public var id: String
    public var eventType: String
    public var body: [UInt8]

    public init(id: String, eventType: String, body: [UInt8]) {
        self.id = id
        self.eventType = eventType
        self.body = body
    }
}
