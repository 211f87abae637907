import HTTPServer

/// `GET /v1/users`: the filters, plus paging and ordering as the Backend API checks them
/// (`users-endpoints.yml`, `common.yml` `LimitParameter` / `OffsetParameter`).
struct UserListRequest: Sendable, Equatable {
    static let defaultLimit: Int64 = 10
    static let maximumLimit: Int64 = 500

    var filters = UserFilters()
    var limit = UserListRequest.defaultLimit
    var offset: Int64 = 0
    /// The id of the last user of the previous page.
    var startingAfter: String?
    var ordering = UserOrdering.newestFirst

    init() {}

    init(query: QueryParameters) throws(ClerkErrorBody) {
        filters = try UserFilters(query: query)
        let reader = QueryParameterReader(query: query)
        limit = try reader.integer("limit", in: 1...Self.maximumLimit) ?? Self.defaultLimit
        offset = try reader.integer("offset") ?? 0
        // "if multiple order_by parameters are provided, we will only keep the first one".
        if let text = query["order_by"] { ordering = try UserOrdering(parsing: text) }
        if let cursor = query["starting_after"] {
            guard !cursor.isEmpty else { throw .invalidParameter("starting_after", cursor) }
            // A cursor over a value that is neither unique nor immutable would skip or repeat users.
            guard ordering.field == .createdAt else {
                throw .invalidParameter("starting_after", cursor, reason: "starting_after requires ordering by created_at")
            }
            guard offset == 0 else {
                throw .invalidParameter("offset", String(offset), reason: "starting_after cannot be combined with a non-zero offset")
            }
            startingAfter = cursor
        }
    }
}
