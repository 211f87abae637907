import Foundation
import Store
import Testing

/// The binary carries its migrations; this keeps that copy equal to `migrations/`.
@Suite struct EmbeddedMigrationsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: [SQLDialect.sqlite, .postgres])
    func embeddedCopyMatchesTheFiles(dialect: SQLDialect) throws {
        let folder = Self.root.appendingPathComponent("migrations/\(dialect.rawValue)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        let embedded = Migration.all(for: dialect)
        #expect(embedded.map(\.name) == files, "run scripts/embed-migrations")
        for migration in embedded {
            let text = try String(contentsOf: folder.appendingPathComponent(migration.name), encoding: .utf8)
            #expect(migration.sql == text, "\(migration.name) differs from its embedded copy: run scripts/embed-migrations")
        }
    }

    @Test func bothDialectsHaveTheSameVersions() {
        #expect(Migration.sqlite.map(\.version) == Migration.postgres.map(\.version))
        #expect(Migration.sqlite.map(\.version) == Array(1...Migration.sqlite.count))
    }
}
