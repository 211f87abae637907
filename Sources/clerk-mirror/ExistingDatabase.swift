import Foundation
import Mirror
import Store

/// The store for the operator commands (`status`, `dead-letters`): it must exist and be
/// migrated. Unlike `serve` and `migrate`, these never create a SQLite file or a table.
enum ExistingDatabase {
    static func open(_ settings: Settings) async -> any Database {
        if case .sqlite(let path) = settings.database, !FileManager.default.fileExists(atPath: path) {
            ClerkMirrorCommand.fail("\(settings.database): no such file (run clerk-mirror migrate or serve first)", status: 1)
        }
        do {
            let database = try settings.database.open(poolSize: 1)
            let pending = try await MigrationRunner(database: database).pending()
            guard pending.isEmpty else {
                await database.close()
                ClerkMirrorCommand.fail("\(settings.database): \(pending.count) migration(s) pending; run clerk-mirror migrate", status: 1)
            }
            return database
        } catch {
            ClerkMirrorCommand.fail("cannot open \(settings.database): \(error)", status: 1)
        }
    }
}
