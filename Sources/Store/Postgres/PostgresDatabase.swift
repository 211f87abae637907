/// PostgreSQL through a small pool of libpq connections, each on its own serial queue.
///
/// Connections open lazily; one that the server dropped is replaced on next use, so a
/// restarted server or a terminated backend costs the calls in flight, not the process.
public final class PostgresDatabase: Database {
    public let dialect = SQLDialect.postgres
    public let options: PostgresConnectionOptions
    private let pool: ConnectionPool<PostgresConnection>

    public init(options: PostgresConnectionOptions, poolSize: Int = 6) {
        self.options = options
        pool = ConnectionPool(label: "postgres", size: max(1, poolSize), connect: {
            try PostgresConnection(options: options)
        }, isBroken: { connection, _ in connection.isBroken })
    }

    public convenience init(url: String, poolSize: Int = 6) throws {
        self.init(options: try PostgresConnectionOptions(url: url), poolSize: poolSize)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await pool.withConnection { try body($0) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await pool.withConnection { try body($0) }
    }

    public func close() async {
        await pool.close()
    }
}
