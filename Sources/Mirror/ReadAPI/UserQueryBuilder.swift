import Store

/// The SQL of the user reads, for either dialect. Every filter and ordering of
/// `UserListRequest` is served by an index of migrations 0001 and 0002.
enum UserQueryBuilder {
    /// `GET /v1/users/{id}`: the stored object and what its entity tag is made of.
    static let byID = "SELECT raw, updated_at FROM users WHERE id = $1"

    /// Several users by id at once (`UserLookupBatcher`).
    static func byIDs(_ ids: [String], dialect: SQLDialect) -> SQLStatement {
        var builder = SQLBuilder(dialect: dialect)
        let condition = builder.isOneOf("id", ids)
        return builder.statement("SELECT id, raw, updated_at FROM users WHERE " + condition)
    }

    /// Where a `starting_after` cursor sits in `created_at` order.
    static let cursor = "SELECT created_at FROM users WHERE id = $1"

    /// A page of stored objects. `cursorCreatedAt` is the cursor user's `created_at`, looked up
    /// first with `cursor`.
    static func list(_ request: UserListRequest, cursorCreatedAt: Int64?, dialect: SQLDialect) -> SQLStatement {
        var builder = SQLBuilder(dialect: dialect)
        var conditions = request.filters.conditions(&builder)
        let descending = request.ordering.descending
        if let cursorCreatedAt, let cursor = request.startingAfter {
            // (created_at, id) past the cursor, in the direction of the ordering: one index range.
            let time = builder.bind(.integer(cursorCreatedAt)), id = builder.bind(.text(cursor))
            conditions.append("(created_at, \(builder.text("id"))) \(descending ? "<" : ">") (\(time), \(id))")
        }
        let limit = builder.bind(.integer(request.limit)), offset = builder.bind(.integer(request.offset))
        return builder.statement("SELECT raw FROM users" + whereClause(conditions)
            + " ORDER BY " + orderBy(request.ordering, builder) + " LIMIT \(limit) OFFSET \(offset)")
    }

    /// `GET /v1/users/count`.
    static func count(_ filters: UserFilters, dialect: SQLDialect) -> SQLStatement {
        var builder = SQLBuilder(dialect: dialect)
        let conditions = filters.conditions(&builder)
        return builder.statement("SELECT count(*) AS total FROM users" + whereClause(conditions))
    }

    static func whereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// Written exactly as the indexes are declared, so the planner walks one (backwards when
    /// descending) instead of sorting: SQLite's NULLs already sort first ascending; PostgreSQL's
    /// are told to, and its text compares in byte order.
    static func orderBy(_ ordering: UserOrdering, _ builder: SQLBuilder) -> String {
        let direction = ordering.descending ? "DESC" : "ASC"
        let field = ordering.field
        var key = (field.isText ? builder.text(field.column) : field.column) + " " + direction
        if builder.dialect == .postgres && field.isNullable {
            key += ordering.descending ? " NULLS LAST" : " NULLS FIRST"
        }
        return key + ", " + builder.text("id") + " " + direction
    }
}
