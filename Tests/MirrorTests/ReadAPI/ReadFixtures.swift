import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
@testable import Mirror
import Store
import Synchronization
import TestSupport

/// A fixed set of users for the read API's tests, awkward ones included: no email, several
/// emails, non-ASCII names, null fields, equal `created_at`, a banned one, one deleted, and
/// usernames with LIKE's wildcard characters. Expected answers are computed from these values.
enum ReadFixtures {
    static let key = "read-key-0123456789abcdef"
    static let otherKey = "read-key-second-0123456789"
    static let t: Int64 = 1_716_883_200_000

    struct User {
        var id: String
        var createdAt: Int64
        var updatedAt: Int64
        var emails: [String] = []
        var firstName: String?
        var lastName: String?
        var username: String?
        var externalID: String?
        var banned = false
        var lastSignInAt: Int64?
        var lastActiveAt: Int64?
        var phones: [String] = []

        var primaryEmail: String? { emails.first }

        var raw: [UInt8] {
            let emailObjects: [TestJSON] = emails.enumerated().map { index, address in
                .object([("id", .string("idn_\(id)_\(index)")), ("object", "email_address"), ("email_address", .string(address)),
                         ("reserved", false), ("linked_to", []),
                         ("verification", .object([("status", "verified"), ("strategy", "email_code")])),
                         ("created_at", .number(createdAt)), ("updated_at", .number(updatedAt))])
            }
            let phoneObjects: [TestJSON] = phones.enumerated().map { index, number in
                .object([("id", .string("idn_\(id)_phone_\(index)")), ("object", "phone_number"), ("phone_number", .string(number)),
                         ("reserved", false), ("linked_to", []), ("created_at", .number(createdAt)), ("updated_at", .number(updatedAt))])
            }
            func number(_ value: Int64?) -> TestJSON { value.map { .number($0) } ?? .null }
            return TestJSON.object([
                ("id", .string(id)), ("object", "user"), ("external_id", .optional(externalID)),
                ("primary_email_address_id", emails.isEmpty ? .null : .string("idn_\(id)_0")),
                ("primary_phone_number_id", phones.isEmpty ? .null : .string("idn_\(id)_phone_0")),
                ("username", .optional(username)), ("first_name", .optional(firstName)), ("last_name", .optional(lastName)),
                ("image_url", .string("https://img.clerk.com/\(id)")), ("has_image", false),
                ("public_metadata", .object([("plan", "pro")])), ("private_metadata", .object([("secret_note", "do not serve")])),
                ("unsafe_metadata", .object([])), ("email_addresses", .array(emailObjects)), ("phone_numbers", .array(phoneObjects)),
                ("web3_wallets", []), ("passkeys", []), ("external_accounts", []),
                ("last_sign_in_at", number(lastSignInAt)), ("banned", .bool(banned)), ("locked", false),
                ("updated_at", .number(updatedAt)), ("created_at", .number(createdAt)), ("last_active_at", number(lastActiveAt)),
            ]).bytes
        }
    }

    /// The live users.
    static let users: [User] = [
        User(id: "user_01ada", createdAt: t + 1000, updatedAt: t + 5000, emails: ["ada@example.com", "Ada.Work@Example.org"],
             firstName: "Ada", lastName: "Lovelace", username: "ada", externalID: "ext_ada",
             lastSignInAt: t + 4000, lastActiveAt: t + 4500, phones: ["+15550000001"]),
        User(id: "user_02nil", createdAt: t + 2000, updatedAt: t + 2000),
        User(id: "user_03zoe", createdAt: t + 3000, updatedAt: t + 9000, emails: ["zoe@example.com"],
             firstName: "Zoë", lastName: "Ångström", username: "zoe", externalID: "ext_zoe",
             lastSignInAt: t + 8000, lastActiveAt: t + 8500),
        // Created in the same millisecond as user_03zoe: id breaks the tie.
        User(id: "user_04ban", createdAt: t + 3000, updatedAt: t + 3100, emails: ["Banned@Example.com"],
             firstName: "Bob", lastName: "Banner", username: "bob", externalID: "ext_bob", banned: true,
             lastSignInAt: t + 3050, lastActiveAt: t + 3060, phones: ["+15550000004", "+15550000044"]),
        User(id: "user_05mix", createdAt: t + 5000, updatedAt: t + 7000, emails: ["MIXED@example.net"],
             firstName: "ada", lastName: "lovelace", username: "ada_two", lastSignInAt: t + 6000),
        User(id: "user_06jos", createdAt: t + 6000, updatedAt: t + 6500, emails: ["jose@example.com"],
             firstName: "José", lastName: "García", externalID: "ext_jose", lastActiveAt: t + 6400),
        User(id: "user_07dup", createdAt: t + 7000, updatedAt: t + 7100,
             emails: ["dup1@example.com", "dup2@example.com", "dup3@example.com"],
             firstName: "Ada", lastName: "Byron", username: "byron", lastSignInAt: t + 7050, lastActiveAt: t + 7060),
        User(id: "user_08zed", createdAt: t + 8000, updatedAt: t + 8100, emails: ["zed@example.com"],
             lastName: "Zed", username: "zed", externalID: "ext_zed", lastSignInAt: t + 8050, lastActiveAt: t + 8050),
        User(id: "user_10con", createdAt: t + 10000, updatedAt: t + 10000, emails: ["o'brien+tag@example.com"],
             firstName: "Conan", lastName: "O'Brien", username: "con_an", lastSignInAt: t + 9000, lastActiveAt: t + 9500),
        User(id: "user_11cxn", createdAt: t + 11000, updatedAt: t + 11000, emails: ["conxan@example.com"],
             firstName: "Con", lastName: "Xan", username: "conxan", lastSignInAt: t + 9100, lastActiveAt: t + 9600),
    ]

    /// Stored, then deleted: it must never be served.
    static let deleted = User(id: "user_09del", createdAt: t + 9000, updatedAt: t + 9000, emails: ["deleted@example.com"],
                              firstName: "Gone", lastName: "Away", username: "gone", externalID: "ext_gone")

    static func session(id: String, userID: String, clientID: String, status: String, createdAt: Int64) -> [UInt8] {
        TestJSON.object([
            ("id", .string(id)), ("object", "session"), ("user_id", .string(userID)), ("client_id", .string(clientID)),
            ("status", .string(status)), ("last_active_at", .number(createdAt)), ("expire_at", .number(createdAt + 1000)),
            ("abandon_at", .number(createdAt + 2000)), ("created_at", .number(createdAt)), ("updated_at", .number(createdAt)),
        ]).bytes
    }

    /// (id, user, client, status, created_at); the last belongs to the deleted user.
    static let sessions: [(String, String, String, String, Int64)] = [
        ("sess_1", "user_01ada", "client_a", "active", t + 100),
        ("sess_2", "user_01ada", "client_b", "ended", t + 200),
        ("sess_3", "user_03zoe", "client_a", "active", t + 300),
        ("sess_4", "user_03zoe", "client_a", "revoked", t + 300),
        ("sess_9", "user_09del", "client_a", "active", t + 400),
    ]

    /// Writes every fixture through the mirror's own writers, then deletes `deleted`.
    static func store(_ database: any Database) async throws {
        try await database.transaction { connection in
            for user in users + [deleted] {
                let outcome = try UserWriter.upsert(try UserRecord.parse(user.raw), source: "test", now: t, connection)
                guard outcome == .created else { throw TestSupportError("\(user.id) was \(outcome), not created") }
            }
            for (id, userID, clientID, status, createdAt) in sessions {
                let raw = session(id: id, userID: userID, clientID: clientID, status: status, createdAt: createdAt)
                _ = try SessionWriter.upsert(try SessionRecord.parse(raw), connection)
            }
            try UserWriter.delete(id: deleted.id, deletedAt: t + 20000, source: "test", connection)
        }
    }

    /// A running mirror with the fixtures stored and a key configured.
    static func withMirror<T: Sendable>(_ kind: TestDatabaseKind, settings extra: [String: String] = [:],
                                        _ body: (RunningMirror) async throws -> T) async throws -> T {
        var settings = ["MIRROR_API_KEYS": "\(key),\(otherKey)"]
        settings.merge(extra) { $1 }
        return try await RunningMirror.with(kind, settings: settings) { mirror in
            try await store(mirror.test.database)
            return try await body(mirror)
        }
    }

    // MARK: Expected answers

    /// Byte order, as both databases compare text for the read API.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The ids in `ordering`, missing values first ascending, id breaking ties the same way.
    static func ids(_ ordering: UserOrdering, of selection: [User] = users) -> [String] {
        func compare(_ a: User, _ b: User) -> Bool {
            let ascending: Bool
            switch ordering.field {
            case .createdAt: ascending = a.createdAt != b.createdAt ? a.createdAt < b.createdAt : precedes(a.id, b.id)
            case .updatedAt: ascending = a.updatedAt != b.updatedAt ? a.updatedAt < b.updatedAt : precedes(a.id, b.id)
            case .emailAddress: ascending = text(a.primaryEmail, b.primaryEmail, a, b)
            case .firstName: ascending = text(a.firstName, b.firstName, a, b)
            case .lastName: ascending = text(a.lastName, b.lastName, a, b)
            case .username: ascending = text(a.username, b.username, a, b)
            case .lastActiveAt: ascending = number(a.lastActiveAt, b.lastActiveAt, a, b)
            case .lastSignInAt: ascending = number(a.lastSignInAt, b.lastSignInAt, a, b)
            }
            return ascending
        }
        let sorted = selection.sorted(by: compare).map(\.id)
        return ordering.descending ? sorted.reversed() : sorted
    }

    private static func text(_ x: String?, _ y: String?, _ a: User, _ b: User) -> Bool {
        switch (x, y) {
        case (nil, nil): precedes(a.id, b.id)
        case (nil, _): true
        case (_, nil): false
        case let (x?, y?): x == y ? precedes(a.id, b.id) : precedes(x, y)
        }
    }

    private static func number(_ x: Int64?, _ y: Int64?, _ a: User, _ b: User) -> Bool {
        switch (x, y) {
        case (nil, nil): precedes(a.id, b.id)
        case (nil, _): true
        case (_, nil): false
        case let (x?, y?): x == y ? precedes(a.id, b.id) : x < y
        }
    }

    /// Users matching `predicate`, newest first (the default ordering).
    static func newestFirst(where predicate: (User) -> Bool) -> [String] {
        ids(.newestFirst, of: users.filter(predicate))
    }
}

extension HTTPTestClient {
    /// GET of a path with its query as written (`appendingPathComponent` would escape the `?`),
    /// with the fixtures' key unless told otherwise; never answered from a cache.
    func get(_ target: String, key: String? = ReadFixtures.key, headers: [(String, String)] = []) async throws -> Response {
        var request = URLRequest(url: URL(string: base.absoluteString + target)!)
        request.cachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        if let key { request.addValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.addValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }
}

extension HTTPTestClient.Response {
    /// The `id` of each object of a JSON array answer.
    var ids: [String]? {
        guard let array = try? JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else { return nil }
        return array.compactMap { $0["id"] as? String }
    }

    /// The objects of a JSON array answer.
    var objects: [[String: Any]]? {
        try? JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]]
    }

    /// `errors[0].code` and `meta.param_name` of a Clerk error body, when the body has that
    /// shape (`errors` of objects with string `message`, `long_message` and `code`).
    var clerkError: (code: String, parameter: String?)? {
        guard let object = json, let errors = object["errors"] as? [[String: Any]], let first = errors.first,
              first["message"] is String, first["long_message"] is String, let code = first["code"] as? String,
              object["clerk_trace_id"] is String else { return nil }
        return (code, (first["meta"] as? [String: Any])?["param_name"] as? String)
    }
}

/// Collects every log record, at every level, as text.
final class LogRecords: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test", minimumLevel: .debug) { record in
            let line = ([record.label, record.event] + record.fields.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
            self.lines.withLock { $0.append(line) }
        }
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}
