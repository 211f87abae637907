/// The Clerk event types the mirror applies; every other type is stored as `ignored`.
public enum EventType: String, Sendable, CaseIterable {
    case userCreated = "user.created"
    case userUpdated = "user.updated"
    case userDeleted = "user.deleted"
    case sessionCreated = "session.created"
    case sessionPending = "session.pending"
    case sessionEnded = "session.ended"
    case sessionRemoved = "session.removed"
    case sessionRevoked = "session.revoked"

    public var isUserUpsert: Bool { self == .userCreated || self == .userUpdated }
    public var isSession: Bool { rawValue.hasPrefix("session.") }
}
