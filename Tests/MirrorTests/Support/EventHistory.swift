import Foundation
import TestSupport

/// Random but reproducible histories of Clerk events for many users, with the state that
/// applying them in their true order gives.
struct EventHistory {
    struct Event {
        let svixID: String
        let type: String
        let payload: [UInt8]
    }

    var events: [Event] = []
    /// Final raw user objects by id (deleted users absent).
    var users: [String: [UInt8]] = [:]
    /// Final raw session objects (without the embedded user) by id.
    var sessions: [String: [UInt8]] = [:]
    var deleted: Set<String> = []

    init(users count: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var sequence = 0
        func nextID() -> String {
            sequence += 1
            return "msg_\(seed)_\(sequence)"
        }
        for index in 0..<count {
            let id = "user_\(seed)_\(index)"
            var updatedAt: Int64 = 1_716_883_200_000 + Int64(index) * 1_000_000
            let versions = Int.random(in: 1...5, using: &random)
            var current = Fixtures.user(id: id, updatedAt: updatedAt, emails: ["u\(index)@example.com"], firstName: "v1")
            events.append(Event(svixID: nextID(), type: "user.created", payload: Fixtures.event("user.created", data: current)))
            var liveSessions: [String: Int64] = [:]
            for version in 1...versions {
                if version > 1 {
                    updatedAt += Int64.random(in: 1...10_000, using: &random)
                    let emails = version % 2 == 0 ? ["U\(index)@Example.com", "alt\(index)@example.com"] : ["u\(index)@example.com"]
                    current = Fixtures.user(id: id, updatedAt: updatedAt, emails: emails, firstName: "v\(version) Zoë")
                    events.append(Event(svixID: nextID(), type: "user.updated", payload: Fixtures.event("user.updated", data: current)))
                }
                if Bool.random(using: &random) {
                    // A session event at this point of the history, embedding the user as it is now.
                    let sessionID = liveSessions.isEmpty || Bool.random(using: &random)
                        ? "sess_\(seed)_\(index)_\(version)" : liveSessions.keys.sorted()[0]
                    let sessionUpdatedAt = max(liveSessions[sessionID] ?? 0, updatedAt) + 1
                    liveSessions[sessionID] = sessionUpdatedAt
                    let status = ["active", "ended", "revoked", "removed", "pending"].randomElement(using: &random)!
                    let type = status == "active" ? "session.created" : "session.\(status)"
                    let session = Fixtures.session(id: sessionID, userID: id, updatedAt: sessionUpdatedAt, status: status, user: current)
                    events.append(Event(svixID: nextID(), type: type, payload: Fixtures.event(type, data: session)))
                    sessions[sessionID] = Fixtures.session(id: sessionID, userID: id, updatedAt: sessionUpdatedAt, status: status, user: nil)
                }
            }
            if Int.random(in: 0..<10, using: &random) < 3 {
                events.append(Event(svixID: nextID(), type: "user.deleted", payload: Fixtures.event("user.deleted", data: Fixtures.deletedUser(id: id))))
                deleted.insert(id)
                for sessionID in liveSessions.keys { sessions[sessionID] = nil }
            } else {
                users[id] = current
            }
        }
    }

    /// The events shuffled, with a share of them delivered more than once.
    func deliveries(duplicateShare: Double, seed: UInt64) -> [Event] {
        var random = SeededRandom(seed: seed)
        var all = events
        for event in events where Double.random(in: 0..<1, using: &random) < duplicateShare { all.append(event) }
        all.shuffle(using: &random)
        return all
    }
}
