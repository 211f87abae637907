@testable import FakeClerk
import Foundation
import Testing

@Suite("Webhook payloads")
struct WebhookPayloadTests {
    func parse(_ bytes: [UInt8]?) throws -> [String: Any] {
        let bytes = try #require(bytes)
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func userEventsCarryTheCurrentUser() throws {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: 20, seed: 4))
        let id = fake.liveUserIDs()[7]
        fake.updateUser(id: id)
        for type in [ClerkWebhookEventType.userCreated, .userUpdated] {
            let payload = try #require(fake.webhookPayload(type, objectID: id, timestamp: 1_716_883_200_123))
            // Keys sorted at every level: sorting again changes nothing.
            #expect(SortedJSON.sorted(payload) == payload)
            #expect(payload.starts(with: Array(#"{"data":{"backup_code_enabled":"#.utf8)))
            let envelope = try parse(payload)
            #expect(envelope["type"] as? String == type.rawValue)
            #expect(envelope["object"] as? String == "event")
            #expect(envelope["timestamp"] as? Int64 == 1_716_883_200_123)
            #expect((envelope["instance_id"] as? String)?.hasPrefix("ins_") == true)
            let request = (envelope["event_attributes"] as? [String: Any])?["http_request"] as? [String: Any]
            #expect(request?["client_ip"] is String && request?["user_agent"] is String)
            // `data` is the user's current JSON, keys sorted: byte for byte.
            let current = try #require(fake.user(id: id))
            let user = try #require(SortedJSON.sorted(current))
            #expect(payload.starts(with: Array(#"{"data":"#.utf8) + user + Array(#","event_attributes":"#.utf8)))
        }
    }

    @Test func userDeletedIsADeletedObject() throws {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: 40, seed: 4))
        for id in fake.liveUserIDs() {
            let external = try parse(fake.user(id: id))["external_id"] as? String
            fake.deleteUser(id: id)
            #expect(fake.webhookPayload(.userCreated, objectID: id) == nil, "no longer live")
            let data = try #require(try parse(fake.webhookPayload(.userDeleted, objectID: id))["data"] as? [String: Any])
            #expect(data["deleted"] as? Bool == true)
            #expect(data["id"] as? String == id)
            #expect(data["object"] as? String == "user")
            #expect(data["external_id"] as? String == external)
            #expect(Set(data.keys) == Set(["deleted", "id", "object"] + (external == nil ? [] : ["external_id"])))
        }
        #expect(fake.webhookPayload(.userDeleted, objectID: "user_unknown") == nil)
    }

    @Test func sessionEventsCarryTheSessionAndItsUser() throws {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: 50, seed: 4))
        let owner = try #require(fake.liveUserIDs().first { !fake.sessionIDs(userID: $0).isEmpty })
        let sessionID = fake.sessionIDs(userID: owner)[0]
        let current = try #require(fake.user(id: owner))
        let user = try #require(SortedJSON.sorted(current))
        for (type, status) in [(ClerkWebhookEventType.sessionCreated, "active"), (.sessionEnded, "ended"),
                               (.sessionRevoked, "revoked")] {
            let payload = try #require(fake.webhookPayload(type, objectID: sessionID))
            let data = try #require(try parse(payload)["data"] as? [String: Any])
            #expect(data["object"] as? String == "session")
            #expect(data["id"] as? String == sessionID)
            #expect(data["status"] as? String == status)
            let embedded = Array(#""user":"#.utf8) + user + Array(#","user_id":"#.utf8)
            #expect(payload.indices.contains { payload[$0...].starts(with: embedded) })
        }
        #expect(fake.webhookPayload(.sessionCreated, objectID: owner) == nil, "a user id is not a session id")
    }

    @Test func messagesHaveSvixStyleIDs() throws {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: 3, seed: 4))
        let ids = (1...50).compactMap { fake.webhookMessage(.userUpdated, objectID: fake.liveUserIDs()[0], number: $0)?.id }
        #expect(ids.count == 50 && Set(ids).count == 50)
        #expect(ids.allSatisfy { $0.hasPrefix("msg_") && $0.count == 31 })
    }
}
