/// The SQL dialect of a connection. Statements are written once with `$1`-style
/// placeholders; SQLite receives them as its numbered `?1` parameters.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// One open connection. Not `Sendable`: a connection is used only on the serial queue that
/// owns it, and reached through `Database.read` / `write`.
public protocol DatabaseConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs one statement and returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// Runs one statement and returns its rows.
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [Row]

    /// Runs several statements separated by semicolons, with no arguments (migrations).
    func executeScript(_ sql: String) throws

    /// Opens a transaction that takes the write lock at once where the dialect allows, and
    /// commits with `durability`.
    func beginTransaction(_ durability: CommitDurability) throws

    /// After the COMMIT or ROLLBACK of a transaction begun with `durability`: undoes any
    /// connection setting that `beginTransaction` changed for it.
    func endTransaction(_ durability: CommitDurability)
}

extension DatabaseConnection {
    @discardableResult
    public func execute(_ sql: String, _ arguments: SQLValue...) throws -> Int {
        try execute(sql, arguments)
    }

    public func query(_ sql: String, _ arguments: SQLValue...) throws -> [Row] {
        try query(sql, arguments)
    }

    /// The first row, or nil.
    public func queryOne(_ sql: String, _ arguments: [SQLValue] = []) throws -> Row? {
        try query(sql, arguments).first
    }

    public func beginTransaction() throws {
        try beginTransaction(.synced)
    }

    /// Runs `body` inside a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ durability: CommitDurability = .synced, _ body: () throws -> T) throws -> T {
        try beginTransaction(durability)
        defer { endTransaction(durability) }
        let result: T
        do {
            result = try body()
        } catch {
            // The rollback's own failure would hide the error that caused it.
            try? executeScript("ROLLBACK")
            throw error
        }
        do {
            try executeScript("COMMIT")
        } catch {
            try? executeScript("ROLLBACK")
            throw error
        }
        return result
    }
}
