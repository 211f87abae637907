/// A Clerk Session object. From a webhook it arrives with the user embedded; `raw` is the
/// session without that `user` member, each remaining member kept byte for byte.
public struct SessionRecord: Sendable, Equatable {
    public var id: String
    public var userID: String
    public var clientID: String?
    public var status: String
    public var lastActiveAt: Int64?
    public var expireAt: Int64?
    public var abandonAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var raw: [UInt8]
    /// The embedded User object's bytes, when the event carried one.
    public var embeddedUser: [UInt8]?

    public static func parse(_ bytes: [UInt8]) throws(EventError) -> SessionRecord {
        guard let object = JSONObjectView(bytes), let raw = JSONSlicer.object(bytes, removing: ["user"]) else {
            throw EventError("session object is not a well-formed JSON object")
        }
        guard let id = object.string("id"), !id.isEmpty else { throw EventError("session object has no id") }
        guard let userID = object.string("user_id"), !userID.isEmpty else { throw EventError("session \(id) has no user_id") }
        guard let status = object.string("status") else { throw EventError("session \(id) has no status") }
        guard let updatedAt = object.int64("updated_at") else { throw EventError("session \(id) has no updated_at") }
        guard let createdAt = object.int64("created_at") else { throw EventError("session \(id) has no created_at") }
        let embedded = object.object("user").flatMap { _ in object.rawValue("user").map(Array.init) }
        return SessionRecord(
            id: id, userID: userID, clientID: object.string("client_id"), status: status,
            lastActiveAt: object.int64("last_active_at"), expireAt: object.int64("expire_at"), abandonAt: object.int64("abandon_at"),
            createdAt: createdAt, updatedAt: updatedAt, raw: raw, embeddedUser: embedded)
    }
}
