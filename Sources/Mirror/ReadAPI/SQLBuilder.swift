import Store

/// One statement and its arguments, built for a dialect.
struct SQLStatement: Sendable, Equatable {
    var sql: String
    var arguments: [SQLValue]
}

/// Builds a statement with `$n` placeholders, numbering arguments as they are bound; values
/// are never spliced into the text. Lists travel as one JSON-array argument, so a filter with
/// one value or a hundred is the same statement, prepared once per connection.
struct SQLBuilder {
    let dialect: SQLDialect
    private(set) var arguments: [SQLValue] = []

    init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// The placeholder of `value`, bound now.
    mutating func bind(_ value: SQLValue) -> String {
        arguments.append(value)
        return "$\(arguments.count)"
    }

    /// `column` is one of `values`.
    mutating func isOneOf(_ column: String, _ values: [String]) -> String {
        let list = bind(.text(JSONText.stringArray(values)))
        switch dialect {
        case .sqlite: return "\(column) IN (SELECT value FROM json_each(\(list)))"
        // = ANY of an array lets the planner probe an index per value; IN (SELECT ...) over
        // json_array_elements_text was planned as a hash join over the whole table.
        case .postgres: return "\(column) = ANY (ARRAY(SELECT json_array_elements_text(\(list)::json)))"
        }
    }

    /// `column` is none of `values` (a NULL column is none of them too).
    mutating func isNoneOf(_ column: String, _ values: [String]) -> String {
        "(\(column) IS NULL OR NOT \(isOneOf(column, values)))"
    }

    /// The text sort key: byte order on both dialects (SQLite's BINARY is the default there).
    func text(_ column: String) -> String {
        dialect == .postgres ? "\(column) COLLATE \"C\"" : column
    }

    func statement(_ sql: String) -> SQLStatement {
        SQLStatement(sql: sql, arguments: arguments)
    }
}
