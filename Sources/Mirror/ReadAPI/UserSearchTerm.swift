import Store

/// The case-insensitive partial matches of `GET /v1/users` (`query`, `email_address_query`,
/// `phone_number_query`, `username_query`, `name_query`) over `user_search`.
///
/// A b-tree cannot serve `LIKE '%x%'`. On SQLite a term of three characters or more is an FTS5
/// trigram phrase (`user_search_fts`), an index lookup; shorter terms scan `user_search`. On
/// PostgreSQL it is `LIKE` over pg_trgm GIN indexes when migration 0002 could create them,
/// else a scan. `user_search` holds text lower-cased by the writer; the term is lower-cased here
/// the same way (Swift's Unicode case mapping), so both databases fold case alike.
enum UserSearchTerm {
    enum Scope: Sendable {
        /// `query`: emails, phone numbers, username, user id, first and last name.
        case everything
        case emails
        case phones
        case username
        case name

        var column: String? {
            switch self {
            case .everything: nil
            case .emails: "emails"
            case .phones: "phones"
            case .username: "username"
            case .name: "name"
            }
        }
    }

    static let searchedColumns = ["emails", "phones", "username", "name"]

    /// A condition on `users.id`.
    static func condition(_ term: String, in scope: Scope, _ builder: inout SQLBuilder) -> String {
        let folded = term.lowercased()
        if builder.dialect == .sqlite && folded.unicodeScalars.count >= 3 {
            let phrase = "\"" + folded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let match = builder.bind(.text(scope.column.map { "{\($0)} : \(phrase)" } ?? phrase))
            return "id IN (SELECT user_id FROM user_search WHERE search_id IN "
                + "(SELECT rowid FROM user_search_fts WHERE user_search_fts MATCH \(match)))"
        }
        let pattern = builder.bind(.text("%" + escapeLike(folded) + "%"))
        let columns = scope.column.map { [$0] } ?? searchedColumns
        var alternatives = columns.map { "\($0) LIKE \(pattern) ESCAPE '\\'" }
        if scope.column == nil {
            // Ids keep Clerk's case; SQLite's LIKE ignores ASCII case already. On PostgreSQL the
            // trigram index is on lower(user_id): an index on the column itself would be chosen
            // for plain equality lookups by id too, where it is far slower than the b-tree.
            let column = builder.dialect == .postgres ? "lower(user_id)" : "user_id"
            alternatives.insert("\(column) LIKE \(pattern) ESCAPE '\\'", at: 0)
        }
        return "id IN (SELECT user_id FROM user_search WHERE \(alternatives.joined(separator: " OR ")))"
    }

    /// `%`, `_` and the escape itself match literally.
    static func escapeLike(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if character == "\\" || character == "%" || character == "_" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
