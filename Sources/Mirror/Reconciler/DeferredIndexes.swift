import Store

/// An empty mirror's first full pass writes every user once, in `created_at` order, into
/// tables whose secondary indexes would each take the users in random order: a page of 500
/// users dirties thousands of index pages (SQLite writes every one to the WAL at commit), and
/// on PostgreSQL the trigram GIN indexes are the largest cost of a pass. So that pass drops
/// them first and builds each once at the end, from the full table.
///
/// The definitions are kept in `mirror_state` by the transaction that drops them, so a
/// process killed during the load leaves them for the next pass, which builds them before it
/// starts. Unique indexes stay: they enforce what the writers rely on. The indexes only make
/// reads fast; while they are missing, reads are correct and slower.
enum DeferredIndexes {
    static let tables = ["users", "user_email_addresses", "user_phone_numbers", "user_search"]
    static let keyPrefix = "deferred_index:"

    /// Drops the secondary indexes of the user tables if the mirror has no user; returns how
    /// many it dropped.
    static func dropIfEmpty(_ connection: any DatabaseConnection) throws -> Int {
        guard try connection.queryOne("SELECT 1 FROM users LIMIT 1") == nil else { return 0 }
        let indexes = try definitions(connection)
        for (name, definition) in indexes {
            try connection.execute("""
                INSERT INTO mirror_state (key, value) VALUES ($1, $2)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, [.text(keyPrefix + name), .text(definition)])
            try connection.executeScript("DROP INDEX \"\(name)\"")
        }
        return indexes.count
    }

    /// Builds every index a load left dropped, each in its own transaction with the removal
    /// of its definition; returns how many it built.
    @discardableResult
    static func restore(_ database: any Database) async throws -> Int {
        let pending = try await database.write { connection in
            try connection.query("SELECT key, value FROM mirror_state WHERE key LIKE $1 ORDER BY key", [.text(keyPrefix + "%")])
                .compactMap { row -> (key: String, definition: String)? in
                    guard let key = row["key"].string, let definition = row["value"].string else { return nil }
                    return (key, definition)
                }
        }
        if database.dialect == .postgres {
            // PostgreSQL builds a trigram index on one core: two builds at a time use both.
            try await withThrowingTaskGroup(of: Void.self) { group in
                var next = pending.makeIterator()
                for _ in 0..<2 {
                    guard let index = next.next() else { break }
                    group.addTask { try await build(index, database) }
                }
                while try await group.next() != nil {
                    guard let index = next.next() else { continue }
                    group.addTask { try await build(index, database) }
                }
            }
        } else {
            for index in pending { try await build(index, database) }
        }
        return pending.count
    }

    /// Builds one index in a transaction that also forgets its definition.
    private static func build(_ index: (key: String, definition: String), _ database: any Database) async throws {
        try await database.write { connection in
            // SQLite sorts an index's keys in temporary storage, which the writer may keep
            // in memory (a million users' keys: hundreds of megabytes of resident memory),
            // in runs as large as the page cache. In files, with a small cache, the sort
            // holds a few megabytes.
            let saved = try SQLiteSortSettings(connection)
            try saved?.useSmallSorts(connection)
            defer { saved?.restore(connection) }
            try connection.transaction {
                try connection.executeScript(ifNotExists(index.definition))
                try connection.execute("DELETE FROM mirror_state WHERE key = $1", [.text(index.key)])
            }
        }
    }

    /// Name and `CREATE INDEX` statement of each non-unique index on the user tables.
    static func definitions(_ connection: any DatabaseConnection) throws -> [(name: String, definition: String)] {
        let list = (1...tables.count).map { "$\($0)" }.joined(separator: ", ")
        let sql = switch connection.dialect {
        case .sqlite:
            // Indexes behind UNIQUE and PRIMARY KEY constraints have no SQL text.
            """
            SELECT name, sql AS definition FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND upper(sql) NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (\(list))
            ORDER BY name
            """
        case .postgres:
            """
            SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relname IN (\(list)) AND t.relnamespace = to_regnamespace(current_schema())
              AND NOT x.indisunique AND NOT x.indisprimary
            ORDER BY i.relname
            """
        }
        return try connection.query(sql, tables.map { .text($0) }).compactMap { row in
            guard let name = row["name"].string, let definition = row["definition"].string else { return nil }
            return (name, definition)
        }
    }

    /// A definition that does nothing if the index exists already (another process built it).
    static func ifNotExists(_ definition: String) -> String {
        let prefix = "CREATE INDEX "
        guard definition.uppercased().hasPrefix(prefix), !definition.uppercased().hasPrefix(prefix + "IF NOT EXISTS") else {
            return definition
        }
        return "CREATE INDEX IF NOT EXISTS " + definition.dropFirst(prefix.count)
    }
}

/// The writer's temporary storage and page cache size, set aside while indexes are built.
private struct SQLiteSortSettings {
    let tempStore: Int64
    let cacheSize: Int64

    /// Nil on PostgreSQL.
    init?(_ connection: any DatabaseConnection) throws {
        guard connection.dialect == .sqlite,
              let tempStore = try connection.queryOne("PRAGMA temp_store")?[0].int64,
              let cacheSize = try connection.queryOne("PRAGMA cache_size")?[0].int64 else { return nil }
        self.tempStore = tempStore
        self.cacheSize = cacheSize
    }

    func useSmallSorts(_ connection: any DatabaseConnection) throws {
        try connection.executeScript("PRAGMA temp_store=FILE; PRAGMA cache_size=-2048")
    }

    func restore(_ connection: any DatabaseConnection) {
        try? connection.executeScript("PRAGMA temp_store=\(tempStore); PRAGMA cache_size=\(cacheSize)")
    }
}
