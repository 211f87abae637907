import Foundation
import Mirror
import Store

/// `clerk-mirror status [--json]`: the readable summary, or the JSON of `GET /admin/status`.
enum StatusCommand {
    static func run(_ words: [String], settings: Settings) async {
        var json = false
        for word in words {
            guard word == "--json" else { ClerkMirrorCommand.fail("status: unknown option \(word)", status: 2) }
            json = true
        }
        let database = await ExistingDatabase.open(settings)
        do {
            let status = try await MirrorStatus.read(from: database)
            await database.close()
            print(json ? String(decoding: status.json(), as: UTF8.self) : status.text(database: settings.database.description))
        } catch {
            ClerkMirrorCommand.fail("cannot read the status of \(settings.database): \(error)", status: 1)
        }
    }
}
