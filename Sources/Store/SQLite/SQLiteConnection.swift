import CSQLite

/// One SQLite connection in WAL mode with `synchronous=FULL`, so a commit that returns is on
/// disk. Owned by one serial queue; the handle is closed in `deinit`.
public final class SQLiteConnection: DatabaseConnection {
    public let dialect = SQLDialect.sqlite
    /// 1 GiB; SQLite caps it at its compile-time SQLITE_MAX_MMAP_SIZE.
    static let readerMmapSize = 1 << 30
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// Prepared statements kept; past it the cache starts over. Multi-row statements come in a
    /// shape per row count, so a long-lived connection would otherwise collect them forever.
    static let statementCacheLimit = 512
    var cachedStatementCount: Int { statements.count }
    /// True while `synchronous` is NORMAL for a deferred commit (see `beginTransaction`).
    private var relaxedSync = false
    /// Kept alive for the WAL hook, whose context points at it.
    private var checkpointer: SQLiteCheckpointer?

    /// Opens (and creates) the database at `path`.
    /// - Parameters:
    ///   - busyTimeoutMilliseconds: how long a writer waits for another's lock before `.busy`.
    ///   - readOnly: a reader connection; `query_only` guards against accidental writes.
    ///   - checkpointer: for the writer: checkpoints run there instead of inside its commits.
    init(path: String, busyTimeoutMilliseconds: Int = 5000, readOnly: Bool = false,
         checkpointer: SQLiteCheckpointer?) throws {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &opened, flags, nil)
        guard let opened else {
            throw DatabaseError(kind: .connectionFailed, operation: "open", sqliteCode: code,
                                message: "cannot open SQLite database at \(path): out of memory")
        }
        guard code == SQLiteResultCode.ok else {
            let message = String(cString: sqlite3_errmsg(opened))
            // "Whether or not an error occurs when it is opened, resources associated with the
            // database connection handle should be released by passing it to sqlite3_close()"
            // (https://sqlite.org/c3ref/open.html).
            sqlite3_close(opened)
            throw DatabaseError(kind: .connectionFailed, operation: "open", sqliteCode: code,
                                message: "cannot open SQLite database at \(path): \(message)")
        }
        handle = opened
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, Int32(clamping: busyTimeoutMilliseconds))
        // WAL lets readers run beside the writer; FULL syncs the WAL on every commit, which is
        // what makes "a 2xx means durable" true (https://sqlite.org/pragma.html#pragma_synchronous).
        if !readOnly {
            let mode = try query("PRAGMA journal_mode=WAL", []).first?[0].string
            guard mode?.lowercased() == "wal" else {
                throw DatabaseError(kind: .other, operation: "open", message: "SQLite refused WAL mode at \(path)")
            }
        }
        try executeScript("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON")
        if !readOnly {
            // A 16 MiB page cache (default 2 MiB) keeps the indexes' upper levels in memory as
            // the tables grow. A multi-row upsert keeps a statement journal to undo itself on
            // an error; in memory it is not written to a temporary file first.
            try executeScript("PRAGMA cache_size=-16384; PRAGMA temp_store=MEMORY")
        }
        if let checkpointer { installWALHook(checkpointer) }
        if readOnly {
            // Readers map the file instead of copying each page with pread(2): a lookup that
            // misses the connection's small page cache costs no system call
            // (https://sqlite.org/mmap.html). Address space only; the kernel's page cache backs it.
            try executeScript("PRAGMA query_only=1; PRAGMA mmap_size=\(Self.readerMmapSize)")
        }
    }

    /// A connection without a checkpointer (SQLite checkpoints inside commits, as by default).
    public convenience init(path: String, busyTimeoutMilliseconds: Int = 5000, readOnly: Bool = false) throws {
        try self.init(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, readOnly: readOnly, checkpointer: nil)
    }

    deinit {
        statements.removeAll() // Statements must be finalized before the connection closes.
        sqlite3_close_v2(handle)
    }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try bind(statement, arguments)
        while true {
            let code = sqlite3_step(statement.handle)
            if code == SQLiteResultCode.done { break }
            if code != SQLiteResultCode.row { throw error("step", code) }
        }
        return Int(sqlite3_changes(handle))
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws -> [Row] {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try bind(statement, arguments)
        var rows: [Row] = []
        while true {
            let code = sqlite3_step(statement.handle)
            if code == SQLiteResultCode.done { break }
            guard code == SQLiteResultCode.row else { throw error("step", code) }
            rows.append(Row(columns: statement.columnNames, values: statement.currentRow()))
        }
        return rows
    }

    public func executeScript(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLiteResultCode.ok else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            let extended = sqlite3_extended_errcode(handle)
            throw DatabaseError(kind: SQLiteResultCode.kind(of: extended), operation: "exec",
                                sqliteCode: extended, message: text)
        }
    }

    /// `BEGIN IMMEDIATE` takes the write lock now, so a busy database fails at the start of
    /// the transaction (after the busy timeout) instead of half-way through it.
    ///
    /// A deferred commit runs under `synchronous=NORMAL`: in WAL mode the commit is written
    /// but not fsynced; the next FULL commit or checkpoint syncs it with everything before it
    /// (https://sqlite.org/pragma.html#pragma_synchronous). SQLite refuses to change the
    /// setting inside a transaction, so it is set before BEGIN and restored after the end.
    public func beginTransaction(_ durability: CommitDurability) throws {
        switch durability {
        case .deferred:
            try executeScript("PRAGMA synchronous=NORMAL")
            relaxedSync = true
        case .synced where relaxedSync:
            // The restore after the last deferred commit failed (it cannot, short of running
            // out of memory): this commit must not go unsynced.
            try restoreFullSync()
        case .synced:
            break
        }
        do {
            try executeScript("BEGIN IMMEDIATE")
        } catch {
            // No transaction began, so no end will put the setting back: do it here.
            if relaxedSync { try? restoreFullSync() }
            throw error
        }
    }

    public func endTransaction(_ durability: CommitDurability) {
        if relaxedSync { try? restoreFullSync() }
    }

    private func restoreFullSync() throws {
        try executeScript("PRAGMA synchronous=FULL")
        relaxedSync = false
    }

    /// Copies what it can of the WAL into the database without waiting for any lock; true
    /// when all of it was copied.
    func checkpointPassive() -> Bool {
        var walPages: Int32 = 0, copied: Int32 = 0
        let code = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &walPages, &copied)
        return code == SQLiteResultCode.ok && copied == walPages
    }

    /// Replaces SQLite's automatic checkpoint (run inside the commit that crosses 1,000 pages)
    /// with a hook that hands the work to `checkpointer`.
    private func installWALHook(_ checkpointer: SQLiteCheckpointer) {
        self.checkpointer = checkpointer
        sqlite3_wal_hook(handle, { context, database, _, pages in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
            if checkpointer.walGrew(to: pages) {
                // The backstop: checkpoints fell behind; copy now, as SQLite's own hook would.
                sqlite3_wal_checkpoint_v2(database, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            }
            return SQLITE_OK
        }, Unmanaged.passUnretained(checkpointer).toOpaque())
    }

    private func prepared(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        var statementHandle: OpaquePointer?
        let translated = PlaceholderTranslation.sqliteNumbered(sql)
        let code = sqlite3_prepare_v3(handle, translated, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statementHandle, nil)
        guard code == SQLiteResultCode.ok, let statementHandle else { throw error("prepare", code) }
        let statement = SQLiteStatement(handle: statementHandle)
        if statements.count >= Self.statementCacheLimit { statements.removeAll() }
        statements[sql] = statement
        return statement
    }

    private func bind(_ statement: SQLiteStatement, _ arguments: [SQLValue]) throws {
        let expected = Int(sqlite3_bind_parameter_count(statement.handle))
        guard expected == arguments.count else {
            throw DatabaseError(kind: .invalidStatement, operation: "bind",
                                message: "statement takes \(expected) arguments, \(arguments.count) given")
        }
        let code = statement.bind(arguments)
        guard code == SQLiteResultCode.ok else { throw error("bind", code) }
    }

    private func error(_ operation: String, _ code: Int32) -> DatabaseError {
        let extended = sqlite3_extended_errcode(handle)
        let reported = extended == SQLiteResultCode.ok ? code : extended
        return DatabaseError(kind: SQLiteResultCode.kind(of: reported), operation: operation,
                             sqliteCode: reported, message: String(cString: sqlite3_errmsg(handle)))
    }
}
