import Foundation
import Store

/// Which database a parameterized test runs on.
public enum TestDatabaseKind: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// SQLite always; PostgreSQL when the test command started one (`TEST_DATABASE_URL`), or
    /// when `CLERK_MIRROR_REQUIRE_POSTGRES` is set, so that a missing server fails loudly.
    public static var available: [TestDatabaseKind] {
        let environment = ProcessInfo.processInfo.environment
        if environment["TEST_DATABASE_URL"] != nil || environment["CLERK_MIRROR_REQUIRE_POSTGRES"] != nil {
            return [.sqlite, .postgres]
        }
        return [.sqlite]
    }
}

public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A database of its own for one test: a SQLite file in a fresh temporary folder, or a fresh
/// schema on the test PostgreSQL server. Dropped when the test's closure returns.
public struct TestDatabase: Sendable {
    public let kind: TestDatabaseKind
    /// A `DATABASE_URL` that reaches this database, for tests that run the binary.
    public let url: String
    public let location: DatabaseLocation
    public let database: any Database
    /// The SQLite file's folder, or the PostgreSQL schema's name.
    public let scratch: String

    @discardableResult
    public static func with<T: Sendable>(
        _ kind: TestDatabaseKind,
        migrated: Bool = true,
        _ body: (TestDatabase) async throws -> T
    ) async throws -> T {
        let test = try make(kind)
        do {
            if migrated { try await MigrationRunner(database: test.database).migrate() }
            let result = try await body(test)
            await test.drop()
            return result
        } catch {
            await test.drop()
            throw error
        }
    }

    public static func make(_ kind: TestDatabaseKind) throws -> TestDatabase {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("clerk-mirror-test-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let url = "sqlite:\(folder)/mirror.sqlite3"
            let location = try DatabaseLocation(url: url)
            return TestDatabase(kind: kind, url: url, location: location, database: try location.open(), scratch: folder)
        case .postgres:
            let base = try postgresURL()
            let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try PostgresConnection(options: PostgresConnectionOptions(url: base))
            try admin.executeScript("CREATE SCHEMA \(schema)")
            let separator = base.contains("?") ? "&" : "?"
            let url = base + separator + "options=-c%20search_path%3D\(schema)"
            let location = try DatabaseLocation(url: url)
            return TestDatabase(kind: kind, url: url, location: location, database: try location.open(poolSize: 4), scratch: schema)
        }
    }

    /// The test server's URL, or a failure that says how to get one.
    public static func postgresURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else {
            throw TestSupportError("TEST_DATABASE_URL is not set: run the suite with scripts/test, which starts PostgreSQL")
        }
        return url
    }

    public func drop() async {
        await database.close()
        switch kind {
        case .sqlite:
            try? FileManager.default.removeItem(atPath: scratch)
        case .postgres:
            if let base = try? Self.postgresURL(),
               let admin = try? PostgresConnection(options: PostgresConnectionOptions(url: base)) {
                try? admin.executeScript("DROP SCHEMA \(scratch) CASCADE")
            }
        }
    }
}
