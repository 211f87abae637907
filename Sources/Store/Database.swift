/// A database: a set of connections, each on its own serial queue, reached from async code.
///
/// The closures run on the connection's queue, never on Swift's cooperative pool, because
/// `sqlite3_step` and `PQexec` block. They must not hold on to the connection.
public protocol Database: Sendable {
    var dialect: SQLDialect { get }

    /// Runs `body` on a connection meant for reading (SQLite: one of several readers).
    @discardableResult
    func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T

    /// Runs `body` on a connection that may write (SQLite: the single writer).
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T

    /// Closes every connection; later calls fail.
    func close() async
}

extension Database {
    /// Runs `body` in one transaction on a writing connection.
    @discardableResult
    public func transaction<T: Sendable>(
        _ durability: CommitDurability = .synced,
        _ body: @escaping @Sendable (any DatabaseConnection) throws -> T
    ) async throws -> T {
        try await write { connection in
            try connection.transaction(durability) { try body(connection) }
        }
    }
}
