import HTTPServer

/// The filters of `GET /v1/users` and `GET /v1/users/count` (`users-endpoints.yml`), parsed
/// and checked. Every filter narrows the result; together they all must hold.
struct UserFilters: Sendable, Equatable {
    /// An id list where each value may be prefixed `+` (include, also the default) or `-`
    /// (exclude), as the Backend API allows for `user_id` and `external_id`.
    struct IDList: Sendable, Equatable {
        var include: [String] = []
        var exclude: [String] = []
    }

    /// Unix milliseconds; bounds are exclusive, as "before" and "after" read.
    struct TimeRange: Sendable, Equatable {
        var before: Int64?
        var after: Int64?
        /// The deprecated `last_active_at_since`: at or after.
        var since: Int64?
    }

    var userIDs = IDList()
    var externalIDs = IDList()
    /// Lower-cased, as `user_email_addresses` holds them.
    var emailAddresses: [String] = []
    var phoneNumbers: [String] = []
    var usernames: [String] = []
    /// Case-insensitive partial matches (`UserSearchTerm`).
    var query: String?
    var emailAddressQuery: String?
    var phoneNumberQuery: String?
    var usernameQuery: String?
    var nameQuery: String?
    var banned: Bool?
    var createdAt = TimeRange()
    var lastActiveAt = TimeRange()
    var lastSignInAt = TimeRange()

    init() {}

    init(query parameters: QueryParameters) throws(ClerkErrorBody) {
        let reader = QueryParameterReader(query: parameters)
        try reader.refuse("organization_id", because: "it does not keep organization memberships")
        try reader.refuse("web3_wallet", because: "it does not index web3 wallets")
        try reader.refuse("provider", because: "it does not index external accounts")
        try reader.refuse("provider_user_id", because: "it does not index external accounts")
        userIDs = Self.idList(try reader.list("user_id"))
        externalIDs = Self.idList(try reader.list("external_id"))
        emailAddresses = try reader.list("email_address").map { $0.lowercased() }
        phoneNumbers = try reader.list("phone_number")
        usernames = try reader.list("username")
        query = reader.string("query")
        emailAddressQuery = reader.string("email_address_query")
        phoneNumberQuery = reader.string("phone_number_query")
        usernameQuery = reader.string("username_query")
        nameQuery = reader.string("name_query")
        banned = try reader.boolean("banned")
        createdAt = TimeRange(before: try reader.integer("created_at_before"), after: try reader.integer("created_at_after"))
        lastActiveAt = TimeRange(before: try reader.integer("last_active_at_before"), after: try reader.integer("last_active_at_after"),
                                 since: try reader.integer("last_active_at_since"))
        lastSignInAt = TimeRange(before: try reader.integer("last_sign_in_at_before"), after: try reader.integer("last_sign_in_at_after"))
    }

    /// A `+` sent unescaped arrives as a space (form encoding); it is read as the `+` it was.
    private static func idList(_ values: [String]) -> IDList {
        var list = IDList()
        for value in values {
            switch value.first {
            case "-": list.exclude.append(String(value.dropFirst()))
            case "+", " ": list.include.append(String(value.dropFirst()))
            default: list.include.append(value)
            }
        }
        return list
    }
}
