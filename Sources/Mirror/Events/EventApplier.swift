import Foundation
import Store

/// Applies one inbox event to the tables, inside the caller's transaction.
public enum EventApplier {
    /// What applying did, for metrics and logs.
    public enum Outcome: Sendable, Equatable {
        case user(UserWriter.Outcome)
        case deleted(removed: Bool)
        case session(SessionWriter.Outcome, user: UserWriter.Outcome?)
        case ignored
    }

    public static func apply(type: String?, payload: [UInt8], now: Int64,
                             _ connection: any DatabaseConnection) throws -> Outcome {
        guard let type, let eventType = EventType(rawValue: type) else { return .ignored }
        guard let data = JSONSlicer.value("data", in: payload).map(Array.init), data.first == UInt8(ascii: "{") else {
            throw EventError("\(type) event has no \"data\" object")
        }
        switch eventType {
        case .userCreated, .userUpdated:
            return .user(try UserWriter.upsert(try UserRecord.parse(data), source: "webhook", now: now, connection))
        case .userDeleted:
            guard let id = JSONObjectView(data)?.string("id"), !id.isEmpty else {
                throw EventError("user.deleted event has no data.id")
            }
            let removed = try UserWriter.delete(id: id, deletedAt: deletionTime(payload, fallback: now), source: "webhook", connection)
            return .deleted(removed: removed)
        case .sessionCreated, .sessionPending, .sessionEnded, .sessionRemoved, .sessionRevoked:
            let session = try SessionRecord.parse(data)
            // The embedded user is applied through the user guard first, so a newer user
            // carried by a session event is not lost.
            let userOutcome = try session.embeddedUser.map {
                try UserWriter.upsert(try UserRecord.parse($0), source: "webhook", now: now, connection)
            }
            return .session(try SessionWriter.upsert(session, connection), user: userOutcome)
        }
    }

    /// The envelope's `timestamp`, which Clerk's docs give in milliseconds and its OpenAPI
    /// examples in seconds (PROTOCOL.md §2.2): values under 10^12 are read as seconds.
    static func deletionTime(_ payload: [UInt8], fallback: Int64) -> Int64 {
        guard let text = JSONSlicer.value("timestamp", in: payload), let value = Int64(String(decoding: text, as: UTF8.self)) else {
            return fallback
        }
        return value < 1_000_000_000_000 ? value * 1000 : value
    }
}
