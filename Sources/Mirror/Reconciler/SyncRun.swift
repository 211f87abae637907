import Foundation
import Store

/// One reconcile pass as `sync_runs` records it: what it was, how it ended, what it did.
public struct SyncRun: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Every user, in `created_at` order; may remove users Clerk no longer has.
        case full
        /// Users changed since the last pass, newest first.
        case incremental
        /// One user or the queued refresh requests, each read with `GET /v1/users/{id}`.
        case user
    }

    public enum State: String, Sendable {
        case running, complete, failed, interrupted
    }

    public var id: Int64
    public var kind: Kind
    public var trigger: String
    public var state: State
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var pages: Int64
    public var usersSeen: Int64
    public var created: Int64
    public var updated: Int64
    public var deleted: Int64
    public var upstreamCount: Int64?
    public var error: String?

    init(id: Int64, kind: Kind, state: State, startedAt: Int64) {
        self.id = id
        self.kind = kind
        self.trigger = ""
        self.state = state
        self.startedAt = startedAt
        self.pages = 0
        self.usersSeen = 0
        self.created = 0
        self.updated = 0
        self.deleted = 0
    }

    init?(row: Row) {
        guard let id = row["id"].int64, let kind = row["kind"].string.flatMap(Kind.init(rawValue:)),
              let state = row["state"].string.flatMap(State.init(rawValue:)),
              let startedAt = row["started_at"].int64 else { return nil }
        self.id = id
        self.kind = kind
        self.trigger = row["trigger"].string ?? ""
        self.state = state
        self.startedAt = startedAt
        self.finishedAt = row["finished_at"].int64
        self.pages = row["pages"].int64 ?? 0
        self.usersSeen = row["users_seen"].int64 ?? 0
        self.created = row["created"].int64 ?? 0
        self.updated = row["updated"].int64 ?? 0
        self.deleted = row["deleted"].int64 ?? 0
        self.upstreamCount = row["upstream_count"].int64
        self.error = row["error"].string
    }

    /// A JSON object for the admin routes and `status --json`.
    public var json: String {
        func quoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        func number(_ value: Int64?) -> String { value.map(String.init) ?? "null" }
        return "{\"id\":\(id),\"kind\":\(quoted(kind.rawValue)),\"trigger\":\(quoted(trigger)),"
            + "\"state\":\(quoted(state.rawValue)),\"started_at\":\(startedAt),\"finished_at\":\(number(finishedAt)),"
            + "\"pages\":\(pages),\"users_seen\":\(usersSeen),\"created\":\(created),\"updated\":\(updated),"
            + "\"deleted\":\(deleted),\"upstream_count\":\(number(upstreamCount)),"
            + "\"error\":\(error.map(quoted) ?? "null")}"
    }
}
