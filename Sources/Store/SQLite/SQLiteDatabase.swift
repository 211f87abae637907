import Dispatch

/// SQLite with one writer and a few readers, each connection on its own serial queue.
///
/// WAL mode lets readers run while the writer commits; SQLite allows one writer at a time, so
/// writes queue on a single connection instead of contending for the file lock.
public final class SQLiteDatabase: Database {
    public let dialect = SQLDialect.sqlite
    public let path: String
    private let writer: ConnectionPool<SQLiteConnection>
    private let readers: ConnectionPool<SQLiteConnection>
    let checkpointer: SQLiteCheckpointer

    /// Opens the database at `path`, creating it if needed. Fails now if it cannot be opened,
    /// so a bad path is reported before the service starts work.
    public init(path: String, readers readerCount: Int = 4, busyTimeoutMilliseconds: Int = 5000) throws {
        self.path = path
        // Opened once here only to fail early (and to switch the file to WAL before readers come).
        _ = try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        let checkpointer = SQLiteCheckpointer(path: path)
        self.checkpointer = checkpointer
        writer = ConnectionPool(label: "sqlite.writer", size: 1, connect: {
            try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, checkpointer: checkpointer)
        }, isBroken: SQLiteDatabase.isBroken)
        readers = ConnectionPool(label: "sqlite.reader", size: max(1, readerCount), connect: {
            try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, readOnly: true)
        }, isBroken: SQLiteDatabase.isBroken)
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await readers.withConnection { try body($0) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any DatabaseConnection) throws -> T) async throws -> T {
        try await writer.withConnection { try body($0) }
    }

    public func close() async {
        await writer.close()
        await readers.close()
        // Last, so that the final close finds no writer and can fold the WAL into the file.
        let checkpointer = self.checkpointer
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                checkpointer.close()
                continuation.resume()
            }
        }
    }

    /// SQLite connections survive statement errors; only a failed open leaves nothing to keep.
    private static func isBroken(_ connection: SQLiteConnection, _ error: any Error) -> Bool {
        false
    }
}
