import Foundation
import Store

/// The mirror's tables read back for comparison with an expected state.
struct MirrorState: Equatable {
    var users: [String: Data] = [:]
    var sessions: [String: Data] = [:]
    var tombstones: Set<String> = []
    var emails: [String: [String]] = [:]

    static func read(_ database: any Database) async throws -> MirrorState {
        try await database.read { connection in
            var state = MirrorState()
            for row in try connection.query("SELECT id, raw FROM users", []) {
                state.users[row["id"].string!] = canonical(row["raw"].bytes!)
            }
            for row in try connection.query("SELECT id, raw FROM sessions", []) {
                state.sessions[row["id"].string!] = canonical(row["raw"].bytes!)
            }
            state.tombstones = Set(try connection.query("SELECT id FROM user_tombstones", []).map { $0["id"].string! })
            for row in try connection.query("SELECT user_id, email_address FROM user_email_addresses ORDER BY email_address", []) {
                state.emails[row["user_id"].string!, default: []].append(row["email_address"].string!)
            }
            return state
        }
    }

    static func expected(_ history: EventHistory) -> MirrorState {
        var state = MirrorState()
        state.users = history.users.mapValues(canonical)
        state.sessions = history.sessions.mapValues(canonical)
        state.tombstones = history.deleted
        for (id, raw) in history.users {
            let object = try! JSONSerialization.jsonObject(with: Data(raw)) as! [String: Any]
            let addresses = (object["email_addresses"] as! [[String: Any]]).map { ($0["email_address"] as! String).lowercased() }
            if !addresses.isEmpty { state.emails[id] = addresses.sorted() }
        }
        return state
    }

    /// JSON compared as values: key order and spacing aside.
    static func canonical(_ bytes: [UInt8]) -> Data {
        let object = try! JSONSerialization.jsonObject(with: Data(bytes))
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
