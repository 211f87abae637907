import HTTPServer

/// `GET /v1/sessions` (`sessions-endpoints.yml`): `client_id`, `user_id`, `status`,
/// `paginated`, `limit` and `offset`; newest first.
struct SessionListRequest: Sendable, Equatable {
    /// The `status` filter's enum in the Backend API, plus `pending`, which the Session schema has.
    static let statuses: Set<String> = ["abandoned", "active", "ended", "expired", "removed", "replaced", "revoked", "pending"]

    var userID: String?
    var clientID: String?
    var status: String?
    /// `{"data":[...],"total_count":N}` instead of a bare array; `@clerk/backend` always asks.
    var paginated = false
    var limit = UserListRequest.defaultLimit
    var offset: Int64 = 0

    init() {}

    init(query: QueryParameters) throws(ClerkErrorBody) {
        let reader = QueryParameterReader(query: query)
        userID = reader.string("user_id")
        clientID = reader.string("client_id")
        if let status = query["status"] {
            guard Self.statuses.contains(status) else { throw .invalidParameter("status", status) }
            self.status = status
        }
        paginated = try reader.boolean("paginated") ?? false
        limit = try reader.integer("limit", in: 1...UserListRequest.maximumLimit) ?? UserListRequest.defaultLimit
        offset = try reader.integer("offset") ?? 0
    }
}
