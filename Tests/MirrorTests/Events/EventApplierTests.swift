import Foundation
@testable import Mirror
import Store
import TestSupport
import Testing

@Suite struct EventApplierTests {
    static func apply(_ database: any Database, _ type: String, _ data: [UInt8], now: Int64 = 1) async throws -> EventApplier.Outcome {
        let payload = Fixtures.event(type, data: data)
        return try await database.transaction { try EventApplier.apply(type: type, payload: payload, now: now, $0) }
    }

    static func user(_ database: any Database, _ id: String) async throws -> Row? {
        try await database.read { try $0.queryOne("SELECT * FROM users WHERE id = $1", [.text(id)]) }
    }

    @Test(arguments: TestDatabaseKind.available)
    func createdUserIsStoredWithItsColumnsAndRawBytes(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let data = Fixtures.user(id: "user_1", updatedAt: 2000, emails: ["Ada@Example.COM", "second@example.com"],
                                     firstName: "Zoë", username: "ada", externalID: "ext_1",
                                     extra: [("a_field_clerk_adds_later", .object([("nested", [1, 2, 3])]))])
            #expect(try await Self.apply(test.database, "user.created", data) == .user(.created))
            let row = try #require(try await Self.user(test.database, "user_1"))
            #expect(row["raw"].bytes == data, "raw is the data object byte for byte, unknown fields included")
            #expect(row["first_name"] == .text("Zoë"))
            #expect(row["username"] == .text("ada"))
            #expect(row["external_id"] == .text("ext_1"))
            #expect(row["primary_email_address"] == .text("Ada@Example.COM"))
            #expect(row["banned"] == .integer(0))
            #expect(row["updated_at"] == .integer(2000))
            #expect(row["public_metadata"].string?.contains("pro") == true)
            let emails = try await test.database.read {
                try $0.query("SELECT email_address, verified, is_primary FROM user_email_addresses WHERE user_id = $1 ORDER BY email_address", [.text("user_1")])
            }
            #expect(emails.map { $0["email_address"] } == [.text("ada@example.com"), .text("second@example.com")])
            #expect(emails.map { $0["is_primary"] } == [.integer(1), .integer(0)])
            #expect(emails.map { $0["verified"] } == [.integer(1), .integer(0)])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func olderOrEqualVersionsNeverOverwrite(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let newer = Fixtures.user(id: "user_1", updatedAt: 3000, firstName: "New")
            let older = Fixtures.user(id: "user_1", updatedAt: 2000, firstName: "Old")
            #expect(try await Self.apply(test.database, "user.updated", newer) == .user(.created))
            #expect(try await Self.apply(test.database, "user.updated", older) == .user(.unchanged))
            #expect(try await Self.apply(test.database, "user.updated", newer) == .user(.unchanged))
            #expect(try await Self.user(test.database, "user_1")?["first_name"] == .text("New"))
            let newest = Fixtures.user(id: "user_1", updatedAt: 4000, firstName: "Newest")
            #expect(try await Self.apply(test.database, "user.updated", newest) == .user(.updated))
            #expect(try await Self.user(test.database, "user_1")?["first_name"] == .text("Newest"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func equalUpdatedAtWithOtherContentIsATieThatAsksForARefresh(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let first = Fixtures.user(id: "user_1", updatedAt: 3000, firstName: "One")
            let rival = Fixtures.user(id: "user_1", updatedAt: 3000, firstName: "Two")
            _ = try await Self.apply(test.database, "user.updated", first)
            #expect(try await Self.apply(test.database, "user.updated", rival) == .user(.tie))
            #expect(try await Self.user(test.database, "user_1")?["first_name"] == .text("One"))
            let requests = try await test.database.read { try $0.query("SELECT user_id FROM user_refresh_requests", []) }
            #expect(requests.map { $0["user_id"] } == [.text("user_1")])
            // The same content again, even spelled differently, is not a tie.
            let respelled = Array(String(decoding: first, as: UTF8.self).replacingOccurrences(of: ",", with: ", ").utf8)
            #expect(try await Self.apply(test.database, "user.updated", respelled) == .user(.unchanged))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func deletionIsFinal(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let user = Fixtures.user(id: "user_1", updatedAt: 3000, emails: ["a@example.com"])
            _ = try await Self.apply(test.database, "user.created", user)
            _ = try await Self.apply(test.database, "session.created",
                                     Fixtures.session(id: "sess_1", userID: "user_1", updatedAt: 3000, user: user))
            #expect(try await Self.apply(test.database, "user.deleted", Fixtures.deletedUser(id: "user_1")) == .deleted(removed: true))
            #expect(try await Self.user(test.database, "user_1") == nil)
            let leftovers = try await test.database.read { connection in
                (try connection.queryOne("SELECT count(*) FROM user_email_addresses")?[0].int64,
                 try connection.queryOne("SELECT count(*) FROM sessions")?[0].int64,
                 try connection.queryOne("SELECT source FROM user_tombstones WHERE id = $1", [.text("user_1")])?[0].string)
            }
            #expect(leftovers.0 == 0)
            #expect(leftovers.1 == 0)
            #expect(leftovers.2 == "webhook")
            // A later (even newer) upsert, directly or embedded in a session, never brings it back.
            let resurrect = Fixtures.user(id: "user_1", updatedAt: 9000)
            #expect(try await Self.apply(test.database, "user.updated", resurrect) == .user(.tombstoned))
            let session = Fixtures.session(id: "sess_2", userID: "user_1", updatedAt: 9000, user: resurrect)
            #expect(try await Self.apply(test.database, "session.created", session) == .session(.userDeleted, user: .tombstoned))
            #expect(try await Self.user(test.database, "user_1") == nil)
            #expect(try await Self.apply(test.database, "user.deleted", Fixtures.deletedUser(id: "user_1")) == .deleted(removed: false))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func sessionsFollowTheirOwnGuardAndCarryTheirUser(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let user = Fixtures.user(id: "user_1", updatedAt: 5000, firstName: "Embedded")
            let active = Fixtures.session(id: "sess_1", userID: "user_1", updatedAt: 5000, user: user)
            let ended = Fixtures.session(id: "sess_1", userID: "user_1", updatedAt: 6000, status: "ended", user: user)
            #expect(try await Self.apply(test.database, "session.ended", ended) == .session(.written, user: .created))
            #expect(try await Self.apply(test.database, "session.created", active) == .session(.unchanged, user: .unchanged))
            let row = try #require(try await test.database.read { try $0.queryOne("SELECT status, raw FROM sessions WHERE id = $1", [.text("sess_1")]) })
            #expect(row["status"] == .text("ended"))
            let raw = try #require(row["raw"].bytes)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any])
            #expect(object["user"] == nil, "the session is stored without the embedded user")
            #expect(object["latest_activity"] != nil)
            #expect(try await Self.user(test.database, "user_1")?["first_name"] == .text("Embedded"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func missingFieldsFailWithAClearReason(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let noUpdatedAt = Fixtures.json([("id", "user_1"), ("object", "user"), ("created_at", 1)])
            await #expect(throws: EventError("user user_1 has no updated_at")) {
                try await Self.apply(test.database, "user.updated", noUpdatedAt)
            }
            await #expect(throws: EventError("user object has no id")) {
                try await Self.apply(test.database, "user.created", Fixtures.json([("object", "user"), ("updated_at", 1)]))
            }
            await #expect(throws: EventError.self) {
                try await Self.apply(test.database, "user.deleted", Fixtures.json([("object", "user"), ("deleted", true)]))
            }
            let noData = Array(#"{"type":"user.created","object":"event"}"#.utf8)
            await #expect(throws: EventError.self) {
                try await test.database.transaction { try EventApplier.apply(type: "user.created", payload: noData, now: 1, $0) }
            }
        }
    }

    @Test func envelopeTimestampInSecondsOrMilliseconds() {
        #expect(EventApplier.deletionTime(Array(#"{"timestamp":1716883200}"#.utf8), fallback: 0) == 1_716_883_200_000)
        #expect(EventApplier.deletionTime(Array(#"{"timestamp":1654012591835}"#.utf8), fallback: 0) == 1_654_012_591_835)
        #expect(EventApplier.deletionTime(Array(#"{}"#.utf8), fallback: 7) == 7)
    }
}
