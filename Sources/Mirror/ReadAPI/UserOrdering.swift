/// `order_by` of `GET /v1/users`: a field, `+` (ascending, implied) or `-` (descending).
///
/// Ties break by id in the same direction, so pages never overlap. Text sorts in byte order and
/// a missing value sorts before any other ascending (after descending), alike on both databases.
struct UserOrdering: Sendable, Equatable {
    enum Field: String, Sendable, CaseIterable {
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case emailAddress = "email_address"
        case firstName = "first_name"
        case lastName = "last_name"
        case username
        case lastActiveAt = "last_active_at"
        case lastSignInAt = "last_sign_in_at"

        /// The `users` column that holds the value.
        var column: String {
            self == .emailAddress ? "primary_email_address" : rawValue
        }

        var isText: Bool {
            switch self {
            case .emailAddress, .firstName, .lastName, .username: true
            default: false
            }
        }

        var isNullable: Bool {
            self != .createdAt && self != .updatedAt
        }
    }

    var field: Field
    var descending: Bool

    /// The Backend API's default: newest first.
    static let newestFirst = UserOrdering(field: .createdAt, descending: true)

    /// Orderings the Backend API offers on data the mirror does not keep in columns.
    static let notServed: Set<String> = ["web3wallet", "phone_number"]

    init(field: Field, descending: Bool) {
        self.field = field
        self.descending = descending
    }

    /// Parses `created_at`, `+created_at`, `-created_at`. A `+` that arrived unescaped in a
    /// query string reads as a space (form encoding) and is taken as the `+` it was.
    init(parsing text: String) throws(ClerkErrorBody) {
        var name = Substring(text)
        var descending = false
        if let sign = name.first, sign == "+" || sign == "-" || sign == " " {
            descending = sign == "-"
            name = name.dropFirst()
        }
        guard let field = Field(rawValue: String(name)) else {
            if Self.notServed.contains(String(name)) {
                throw .invalidParameter("order_by", text, reason: "clerk-mirror does not sort by \(name); ask Clerk's Backend API")
            }
            throw .invalidParameter("order_by", text)
        }
        self.init(field: field, descending: descending)
    }
}
