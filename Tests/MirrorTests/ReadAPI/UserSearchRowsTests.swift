@testable import Mirror
import Store
import TestSupport
import Testing

/// The rows migration 0002 adds beside `users` follow every write: replaced by a newer
/// version, untouched by an older one, gone with the user; and users stored before 0002 get
/// them from the migration itself.
@Suite struct UserSearchRowsTests {
    static func rows(_ database: any Database, _ id: String) async throws -> (phones: [String], search: [String]) {
        try await database.read { connection in
            let phones = try connection.query("SELECT phone_number FROM user_phone_numbers WHERE user_id = $1 ORDER BY phone_number", [.text(id)])
                .compactMap { $0[0].string }
            let search = try connection.queryOne("SELECT emails, phones, username, name FROM user_search WHERE user_id = $1", [.text(id)])
                .map { row in (0..<4).compactMap { row[$0].string } } ?? []
            return (phones, search)
        }
    }

    static func write(_ database: any Database, _ user: ReadFixtures.User) async throws -> UserWriter.Outcome {
        try await database.transaction { try UserWriter.upsert(try UserRecord.parse(user.raw), source: "test", now: 0, $0) }
    }

    @Test(arguments: TestDatabaseKind.available)
    func rowsFollowTheUser(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            var user = ReadFixtures.users[3] // two phone numbers, an upper-case email
            #expect(try await Self.write(test.database, user) == .created)
            var rows = try await Self.rows(test.database, user.id)
            #expect(rows.phones == ["+15550000004", "+15550000044"])
            #expect(rows.search == ["banned@example.com", "+15550000004\n+15550000044", "bob", "bob banner"])

            user.updatedAt += 1
            user.phones = ["+15550000099"]
            user.firstName = "ÉLODIE"
            user.username = nil
            #expect(try await Self.write(test.database, user) == .updated)
            rows = try await Self.rows(test.database, user.id)
            #expect(rows.phones == ["+15550000099"])
            #expect(rows.search == ["banned@example.com", "+15550000099", "", "élodie banner"])

            // The same number under a new id (removed and added again) is a new row.
            user.updatedAt += 1
            let renumbered = Array(String(decoding: user.raw, as: UTF8.self)
                .replacingOccurrences(of: "_phone_0", with: "_phone_0_again").utf8)
            let ids = try await test.database.transaction { connection in
                _ = try UserWriter.upsert(try UserRecord.parse(renumbered), source: "test", now: 0, connection)
                return try connection.query("SELECT phone_number_id FROM user_phone_numbers WHERE user_id = $1",
                                            [.text("user_04ban")]).compactMap { $0[0].string }
            }
            #expect(ids == ["idn_user_04ban_phone_0_again"])

            // An older version changes nothing.
            var older = user
            older.updatedAt -= 1
            older.phones = ["+15550000000"]
            #expect(try await Self.write(test.database, older) == .unchanged)
            #expect(try await Self.rows(test.database, user.id).phones == ["+15550000099"])

            let id = user.id
            try await test.database.transaction { try UserWriter.delete(id: id, deletedAt: 1, source: "test", $0) }
            rows = try await Self.rows(test.database, user.id)
            #expect(rows.phones.isEmpty)
            #expect(rows.search.isEmpty)
        }
    }

    /// The backfill of migration 0002: users written by the 0001 schema get phone and search rows.
    @Test(arguments: TestDatabaseKind.available)
    func migrationFillsRowsForUsersStoredBefore(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind, migrated: false) { (test: TestDatabase) async throws in
            let all = Migration.all(for: test.database.dialect)
            try await MigrationRunner(database: test.database, migrations: all.filter { $0.version == 1 }).migrate()
            let user = ReadFixtures.users[0] // two emails, one phone, a name and a username
            let record = try UserRecord.parse(user.raw)
            try await test.database.transaction { connection in
                // What 0001's writer stored: the users row and its email rows, nothing else.
                try connection.execute(UserWriter.upsertSQL, [
                    .text(record.id), SQLValue(record.primaryEmailAddress), SQLValue(record.username), SQLValue(record.firstName),
                    SQLValue(record.lastName), SQLValue(record.externalID), SQLValue(record.banned), SQLValue(record.locked),
                    .integer(record.createdAt), .integer(record.updatedAt), SQLValue(record.lastSignInAt), SQLValue(record.lastActiveAt),
                    .text(record.publicMetadata), SQLValue(record.privateMetadata), SQLValue(record.unsafeMetadata),
                    .text(String(decoding: record.raw, as: UTF8.self)),
                ])
                for email in record.emails {
                    try connection.execute("""
                        INSERT INTO user_email_addresses (user_id, email_address_id, email_address, verified, is_primary)
                        VALUES ($1, $2, $3, $4, $5)
                        """, [.text(record.id), .text(email.id), .text(email.address), SQLValue(email.verified), SQLValue(email.isPrimary)])
                }
            }
            try await MigrationRunner(database: test.database, migrations: all).migrate()
            let rows = try await Self.rows(test.database, user.id)
            #expect(rows.phones == ["+15550000001"])
            #expect(rows.search.count == 4)
            #expect(Set(rows.search[0].split(separator: "\n")) == ["ada@example.com", "ada.work@example.org"])
            #expect(Array(rows.search.dropFirst()) == ["+15550000001", "ada", "ada lovelace"])
        }
    }
}
