import HTTPServer

/// The parameters of `GET /v1/users` and `GET /v1/users/count`, checked as Clerk documents
/// them (`users-endpoints.yml`). Filters: `user_id` (with `+`/`-` prefixes) and
/// `email_address`, each repeatable up to 100 times. Orderings: `created_at` and
/// `updated_at`, either direction; the other documented orderings and filters answer 422
/// saying the fake does not implement them, rather than being silently ignored.
struct UserListParameters: Sendable {
    var page = PageParameters()
    var startingAfter: String?
    var ordering = UserOrdering.createdAt
    var descending = true
    var includedIDs: [String] = []
    var excludedIDs: [String] = []
    var emailAddresses: [String] = []

    /// Whether the request names users (which narrows the list to them) rather than only
    /// excluding some.
    var selectsUsers: Bool { !includedIDs.isEmpty || !emailAddresses.isEmpty }

    static let unsupportedFilters = [
        "phone_number", "external_id", "username", "web3_wallet", "organization_id", "query",
        "email_address_query", "phone_number_query", "username_query", "name_query", "banned",
        "last_active_at_before", "last_active_at_after", "last_active_at_since", "created_at_before",
        "created_at_after", "last_sign_in_at_before", "last_sign_in_at_after", "provider", "provider_user_id",
    ]
    static let unsupportedOrderings = ["email_address", "web3wallet", "first_name", "last_name", "phone_number",
                                       "username", "last_active_at", "last_sign_in_at"]

    /// `forCount`: the count endpoint takes only the filters; paging parameters are ignored.
    static func parse(_ query: QueryParameters, forCount: Bool, rejectStartingAfter: Bool)
        throws(ClerkError) -> UserListParameters {
        var parameters = UserListParameters()
        for name in unsupportedFilters where query[name] != nil {
            throw .invalidValue(name, "fake-clerk does not implement the \(name) filter")
        }
        for value in query.values("user_id") {
            if value.hasPrefix("-") {
                parameters.excludedIDs.append(String(value.dropFirst()))
            } else {
                parameters.includedIDs.append(value.hasPrefix("+") ? String(value.dropFirst()) : value)
            }
        }
        parameters.emailAddresses = query.values("email_address")
        for (name, count) in [("user_id", query.values("user_id").count), ("email_address", parameters.emailAddresses.count)]
        where count > 100 {
            throw .invalidValue(name, "\(name) accepts up to 100 values, not \(count)")
        }
        if forCount { return parameters }

        parameters.page = try PageParameters.parse(query)
        if let orderBy = query["order_by"] {
            try parameters.readOrder(orderBy)
        }
        if let cursor = query["starting_after"] {
            if rejectStartingAfter { throw .unknownParameter("starting_after") }
            guard !cursor.isEmpty else { throw .invalidValue("starting_after", "starting_after must be a user id") }
            guard parameters.ordering == .createdAt else {
                throw .invalidValue("starting_after", "starting_after requires ordering by created_at")
            }
            guard parameters.page.offset == 0 else {
                throw .invalidValue("starting_after", "starting_after cannot be combined with a non-zero offset")
            }
            parameters.startingAfter = cursor
        }
        return parameters
    }

    /// `[+|-]field`; no sign means `+`. Only the first `order_by` counts, as in Clerk.
    private mutating func readOrder(_ text: String) throws(ClerkError) {
        var field = Substring(text)
        descending = false
        if field.first == "-" {
            descending = true
            field = field.dropFirst()
        } else if field.first == "+" {
            field = field.dropFirst()
        }
        switch field {
        case "created_at": ordering = .createdAt
        case "updated_at": ordering = .updatedAt
        case _ where Self.unsupportedOrderings.contains(String(field)):
            throw .invalidValue("order_by", "fake-clerk does not implement ordering by \(field)")
        default:
            throw .invalidValue("order_by", "\(text) does not match one of the allowed values for parameter order_by")
        }
    }
}
