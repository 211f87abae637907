import Foundation
import Logging

/// Applies pending migrations in order, each in its own transaction, and records each one's
/// version and checksum in `schema_migrations`.
///
/// Several processes may start at once: on PostgreSQL they take turns on an advisory lock;
/// on SQLite each file is applied under `BEGIN IMMEDIATE` and re-checked inside it.
public struct MigrationRunner: Sendable {
    /// Any fixed number works; this one spells "clerk-mirror migrate" to nobody in particular.
    static let advisoryLockKey: Int64 = 0x0C1E_4B00_0001

    public let database: any Database
    public let migrations: [Migration]
    public let logger: Logger

    public init(database: any Database, migrations: [Migration]? = nil, logger: Logger = .disabled) {
        self.database = database
        self.migrations = (migrations ?? Migration.all(for: database.dialect)).sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// Brings the schema up to date; returns the migrations applied by this call.
    @discardableResult
    public func migrate() async throws -> [Migration] {
        let migrations = self.migrations
        let logger = self.logger
        return try await database.write { connection in
            let postgres = connection.dialect == .postgres
            if postgres {
                try connection.execute("SELECT pg_advisory_lock($1)", [.integer(Self.advisoryLockKey)])
            }
            defer {
                if postgres {
                    _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [.integer(Self.advisoryLockKey)])
                }
            }
            try Self.createLedger(connection)
            var applied: [Migration] = []
            for migration in try Self.pending(migrations, connection) {
                let didApply = try connection.transaction { () throws -> Bool in
                    // Another process may have applied it while this one waited for the lock.
                    if try Self.appliedChecksums(connection)[migration.version] != nil { return false }
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)",
                        [.integer(Int64(migration.version)), .text(migration.name), .text(migration.checksum),
                         .integer(Int64(Date().timeIntervalSince1970 * 1000))])
                    return true
                }
                if didApply {
                    logger.info("migration_applied", ["version": String(migration.version), "name": migration.name])
                    applied.append(migration)
                }
            }
            return applied
        }
    }

    /// The migrations not yet applied; throws if an applied one changed or is unknown.
    public func pending() async throws -> [Migration] {
        let migrations = self.migrations
        return try await database.read { connection in
            guard try Self.ledgerExists(connection) else { return migrations }
            return try Self.pending(migrations, connection)
        }
    }

    private static func pending(_ migrations: [Migration], _ connection: any DatabaseConnection) throws -> [Migration] {
        let applied = try appliedChecksums(connection)
        let known = Set(migrations.map(\.version))
        if let unknown = applied.keys.sorted().first(where: { !known.contains($0) }) {
            throw MigrationError.unknownApplied(version: unknown)
        }
        for migration in migrations {
            if let checksum = applied[migration.version], checksum != migration.checksum {
                throw MigrationError.changedAfterApplying(name: migration.name)
            }
        }
        return migrations.filter { applied[$0.version] == nil }
    }

    private static func createLedger(_ connection: any DatabaseConnection) throws {
        try connection.executeScript("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                checksum   TEXT NOT NULL,
                applied_at BIGINT NOT NULL
            )
            """)
    }

    private static func ledgerExists(_ connection: any DatabaseConnection) throws -> Bool {
        let sql = connection.dialect == .postgres
            ? "SELECT 1 FROM pg_catalog.pg_tables WHERE tablename = 'schema_migrations' AND schemaname = ANY (current_schemas(false))"
            : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
        return try connection.queryOne(sql) != nil
    }

    private static func appliedChecksums(_ connection: any DatabaseConnection) throws -> [Int: String] {
        var checksums: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM schema_migrations", []) {
            if let version = row[0].int64, let checksum = row[1].string { checksums[Int(version)] = checksum }
        }
        return checksums
    }
}
