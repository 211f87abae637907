import FakeClerk
import Foundation
import TestSupport

/// A true history of Clerk events about `events / 5` users (each created, updated three or
/// four times, and every fourth one deleted at the end), every version with a later
/// `updated_at`, and what the mirror must hold once all of it is applied, in whatever order
/// and however often it arrived.
struct EventHistory: Sendable {
    struct Event: Sendable {
        let id: String
        let type: String
        let userID: String
        let updatedAt: Int64
        /// The `data` object: the user as Clerk sent it (what `users.raw` must hold).
        let data: String
        var body: [UInt8] { EndToEnd.event(type, data: data) }
        var message: WebhookMessage { WebhookMessage(id: id, eventType: type, body: body) }
    }

    let events: [Event]
    let expectedUsers: [String: (updatedAt: Int64, raw: String)]
    let deletedUsers: Set<String>

    /// `tag` keeps ids apart between runs that share a database.
    init(events count: Int, tag: String) {
        var events: [Event] = []
        var expected: [String: (updatedAt: Int64, raw: String)] = [:]
        var deleted = Set<String>()
        let base: Int64 = 1_716_883_200_000
        for user in 0..<(count + 4) / 5 where events.count < count {
            let userID = "user_\(tag)_\(user)"
            let deletes = user % 4 == 3
            for revision in 0..<5 where events.count < count {
                let id = "msg_\(tag)_\(events.count)"
                let updatedAt = base + Int64(revision) * 60_000 + Int64(user)
                if deletes && revision == 4 {
                    events.append(Event(id: id, type: "user.deleted", userID: userID, updatedAt: updatedAt,
                                        data: #"{"object":"user","id":"\#(userID)","deleted":true}"#))
                    deleted.insert(userID)
                    expected[userID] = nil
                } else {
                    let data = Self.user(userID, revision: revision, updatedAt: updatedAt)
                    events.append(Event(id: id, type: revision == 0 ? "user.created" : "user.updated",
                                        userID: userID, updatedAt: updatedAt, data: data))
                    expected[userID] = (updatedAt, data)
                }
            }
        }
        self.events = events
        expectedUsers = expected
        deletedUsers = deleted
    }

    /// The events shuffled, with `duplicateShare` of them sent a second time (same `svix-id`,
    /// as Svix redelivers) at a random place; the same `seed` gives the same order.
    func deliveryOrder(duplicateShare: Double, seed: UInt64) -> [WebhookMessage] {
        var random = SeededRandom(seed: seed)
        var order = events.map(\.message)
        order.shuffle(using: &random)
        let duplicates = Int(Double(events.count) * duplicateShare)
        for _ in 0..<duplicates {
            let copy = events[Int.random(in: 0..<events.count, using: &random)].message
            order.insert(copy, at: Int.random(in: 0...order.count, using: &random))
        }
        return order
    }

    /// A small but complete user; `revision` shows in the name so every version differs.
    static func user(_ id: String, revision: Int, updatedAt: Int64) -> String {
        #"{"id":"\#(id)","object":"user","primary_email_address_id":"idn_\#(id)","first_name":"Ada \#(revision)","last_name":"Lovelace","username":null,"external_id":null,"public_metadata":{"revision":\#(revision)},"private_metadata":{},"unsafe_metadata":{},"email_addresses":[{"id":"idn_\#(id)","object":"email_address","email_address":"\#(id)@example.com","verification":{"status":"verified","strategy":"email_code"}}],"banned":false,"locked":false,"created_at":1716883200000,"updated_at":\#(updatedAt),"last_sign_in_at":null}"#
    }
}
