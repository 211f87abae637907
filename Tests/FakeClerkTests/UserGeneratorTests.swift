@testable import FakeClerk
import Foundation
import Testing

@Suite("Generated users")
struct UserGeneratorTests {
    /// The User schema's `required` list (bapi-2026-05-12/user-schema.yml).
    static let requiredFields = [
        "id", "object", "username", "first_name", "last_name", "has_image", "primary_email_address_id",
        "primary_phone_number_id", "primary_web3_wallet_id", "password_enabled", "two_factor_enabled",
        "totp_enabled", "backup_code_enabled", "email_addresses", "phone_numbers", "web3_wallets", "passkeys",
        "external_accounts", "saml_accounts", "enterprise_accounts", "public_metadata", "external_id",
        "last_sign_in_at", "banned", "locked", "lockout_expires_in_seconds", "verification_attempts_remaining",
        "created_at", "updated_at", "delete_self_enabled", "create_organization_enabled", "last_active_at",
        "mfa_enabled_at", "mfa_disabled_at", "legal_accepted_at",
    ]
    static let emailRequired = ["object", "email_address", "verification", "linked_to", "reserved", "created_at",
                                "updated_at"]

    @Test func sameSeedAndIndexGiveTheSameBytes() throws {
        let first = FakeClerk(configuration: FakeClerkConfiguration(users: 500, seed: 42))
        let second = FakeClerk(configuration: FakeClerkConfiguration(users: 2000, seed: 42))
        let other = FakeClerk(configuration: FakeClerkConfiguration(users: 500, seed: 43))
        let ids = first.liveUserIDs()
        #expect(ids == Array(second.liveUserIDs().prefix(500)))
        for id in ids {
            let bytes = try #require(first.user(id: id))
            #expect(second.user(id: id) == bytes)
            // Another seed's fake does not know the id at all.
            #expect(other.user(id: id) == nil)
        }
        #expect(Set(other.liveUserIDs()).isDisjoint(with: ids))
    }

    @Test func everyUserParsesAndHasTheSchemasRequiredFields() throws {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: 3000, seed: 5))
        var withoutEmail = 0, withSeveral = 0, nonASCII = 0, withPhone = 0, withGoogle = 0
        var previousCreated: Int64 = 0
        for id in fake.liveUserIDs() {
            let bytes = try #require(fake.user(id: id))
            let user = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            for field in Self.requiredFields {
                #expect(user.keys.contains(field), "\(id) lacks \(field)")
            }
            #expect(user["id"] as? String == id)
            #expect(user["object"] as? String == "user")
            #expect(id.hasPrefix("user_2") && id.count == 32)
            let created = try #require(user["created_at"] as? Int64)
            let updated = try #require(user["updated_at"] as? Int64)
            #expect(created > previousCreated, "created_at grows with the index")
            #expect(updated >= created)
            #expect(created > 1_600_000_000_000, "milliseconds")
            previousCreated = created
            let emails = try #require(user["email_addresses"] as? [[String: Any]])
            for email in emails {
                for field in Self.emailRequired { #expect(email.keys.contains(field)) }
                let verification = email["verification"] as? [String: Any]
                #expect(verification?["status"] is String)
                #expect(verification?["strategy"] is String)
            }
            #expect((user["primary_email_address_id"] as? String) == (emails.first?["id"] as? String))
            if emails.isEmpty {
                withoutEmail += 1
                #expect(user["username"] is String || !(user["phone_numbers"] as? [Any] ?? []).isEmpty)
            }
            if emails.count > 1 { withSeveral += 1 }
            if !(user["phone_numbers"] as? [Any] ?? []).isEmpty { withPhone += 1 }
            if !(user["external_accounts"] as? [Any] ?? []).isEmpty { withGoogle += 1 }
            let name = ((user["first_name"] as? String) ?? "") + ((user["last_name"] as? String) ?? "")
            if name.unicodeScalars.contains(where: { !$0.isASCII }) { nonASCII += 1 }
            #expect(user["public_metadata"] is [String: Any])
        }
        #expect(withoutEmail > 50 && withSeveral > 100 && nonASCII > 300 && withPhone > 100 && withGoogle > 300)
    }

    @Test func idsMapBackToTheirIndex() throws {
        let generator = UserGenerator(seed: 9)
        for index in [0, 1, 61, 999_999, 12_345_678] {
            let id = generator.userID(index: index, createdAt: generator.baseCreatedAt(index))
            #expect(generator.decodeUserID(id)?.index == index)
            // One changed character, or another seed, and it is no id of ours.
            var altered = Array(id.utf8)
            altered[20] = altered[20] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            #expect(generator.decodeUserID(String(decoding: altered, as: UTF8.self)) == nil)
            #expect(UserGenerator(seed: 10).decodeUserID(id) == nil)
        }
        #expect(generator.decodeUserID("user_zzzzzzzzzzzzzzzzzzzzzzzzzzz") == nil)
        #expect(generator.decodeUserID("user_2") == nil)
    }

    @Test func updatesRenameAndMoveUpdatedAtForward() throws {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: 10, seed: 3))
        let id = fake.liveUserIDs()[4]
        func fields() throws -> (String?, Int64) {
            let bytes = try #require(fake.user(id: id))
            let user = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            return (user["first_name"] as? String, try #require(user["updated_at"] as? Int64))
        }
        var (name, updated) = try fields()
        for _ in 0..<3 {
            fake.updateUser(id: id)
            let (newName, newUpdated) = try fields()
            #expect(newName != name)
            #expect(newUpdated > updated)
            (name, updated) = (newName, newUpdated)
        }
        fake.deleteUser(id: id)
        #expect(fake.user(id: id) == nil)
        #expect(fake.liveUserCount == 9)
        let created = fake.createUser()
        #expect(fake.liveUserIDs().last == created)
        #expect(fake.liveUserCount == 10)
    }
}
