/// What a pass has done so far; handed to the progress callback after every page and
/// written to its `sync_runs` row.
public struct SyncProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        /// Reading pages of `GET /v1/users`.
        case paging
        /// Confirming, one `GET /v1/users/{id}` each, the users the pass did not see.
        case confirmingDeletions = "confirming deletions"
        /// Building the indexes an empty mirror's first pass left out while it loaded.
        case buildingIndexes = "building indexes"
        case refreshing
    }

    public var runID: Int64
    public var kind: SyncRun.Kind
    public var phase: Phase = .paging
    public var pages: Int64 = 0
    public var usersSeen: Int64 = 0
    public var created: Int64 = 0
    public var updated: Int64 = 0
    public var deleted: Int64 = 0
    /// `GET /v1/users/count` at the start of a full pass.
    public var upstreamCount: Int64?
    /// Candidates for removal, and how many have been checked.
    public var candidates: Int64 = 0
    public var confirmed: Int64 = 0

    mutating func add(_ page: PageResult) {
        pages += 1
        usersSeen += Int64(page.users)
        created += Int64(page.created)
        updated += Int64(page.updated)
    }
}
