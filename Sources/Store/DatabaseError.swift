/// A database failure, the same type for both dialects.
///
/// `kind` is what callers branch on; `sqliteCode` or `sqlState` says exactly what the
/// database reported. The description names the operation and the database's own message,
/// never a bound value or a password: those stay out of logs.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A unique or primary key constraint rejected the write.
        case uniqueViolation
        /// Another constraint (not null, check, foreign key) rejected the write.
        case constraintViolation
        /// The database is locked or the transaction lost a serialization race: retry later.
        case busy
        /// The connection is gone or could not be made; the pool replaces it.
        case connectionFailed
        /// The disk or quota is full.
        case storageFull
        /// The SQL itself is wrong (a programming error) or names a missing table or column.
        case invalidStatement
        /// Anything else the database reported.
        case other
    }

    public var kind: Kind
    /// Where it failed, such as `"prepare"`, `"step"`, `"connect"`, `"exec"`.
    public var operation: String
    /// SQLite's extended result code, when the error came from SQLite.
    public var sqliteCode: Int32?
    /// PostgreSQL's SQLSTATE, when the error came from PostgreSQL.
    public var sqlState: String?
    /// The database's primary message. It never carries bound values; PostgreSQL's DETAIL
    /// (which can quote a key's value) is deliberately left out.
    public var message: String

    public init(kind: Kind, operation: String, sqliteCode: Int32? = nil, sqlState: String? = nil, message: String) {
        self.kind = kind
        self.operation = operation
        self.sqliteCode = sqliteCode
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String {
        var code = ""
        if let sqliteCode { code = " (SQLite \(sqliteCode))" }
        if let sqlState { code = " (SQLSTATE \(sqlState))" }
        return "database \(operation) failed\(code): \(message)"
    }

    /// Whether the same work may succeed when tried again on a fresh connection or later.
    public var isTransient: Bool {
        switch kind {
        case .busy, .connectionFailed, .storageFull: true
        default: false
        }
    }
}
