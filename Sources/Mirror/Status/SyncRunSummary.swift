import Store

/// One row of `sync_runs`, as status shows it.
public struct SyncRunSummary: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var trigger: String
    public var state: String
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var pages: Int
    public var usersSeen: Int
    public var created: Int
    public var updated: Int
    public var deleted: Int
    public var error: String?

    public init(id: Int64, kind: String, trigger: String, state: String, startedAt: Int64, finishedAt: Int64?,
                pages: Int, usersSeen: Int, created: Int, updated: Int, deleted: Int, error: String?) {
        self.id = id
        self.kind = kind
        self.trigger = trigger
        self.state = state
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.pages = pages
        self.usersSeen = usersSeen
        self.created = created
        self.updated = updated
        self.deleted = deleted
        self.error = error
    }

    init(row: Row) {
        func count(_ name: String) -> Int { Int(row[name].int64 ?? 0) }
        self.init(id: row["id"].int64 ?? 0, kind: row["kind"].string ?? "", trigger: row["trigger"].string ?? "",
                  state: row["state"].string ?? "", startedAt: row["started_at"].int64 ?? 0,
                  finishedAt: row["finished_at"].int64, pages: count("pages"), usersSeen: count("users_seen"),
                  created: count("created"), updated: count("updated"), deleted: count("deleted"),
                  error: row["error"].string)
    }
}
