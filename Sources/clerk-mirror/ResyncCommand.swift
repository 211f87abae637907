import Foundation
import Logging
import Mirror
import Store

/// `clerk-mirror resync [--full|--incremental|--user ID]`: one pass now, in the foreground.
/// Exit status 0 only when the pass completed; Ctrl-C stops it and records it interrupted.
enum ResyncCommand {
    static func run(_ words: [String], settings: Settings, logger: Logger) async {
        var kind = SyncRun.Kind.full
        var userID: String?
        var index = 0
        while index < words.count {
            switch words[index] {
            case "--full": kind = .full
            case "--incremental": kind = .incremental
            case "--user":
                guard index + 1 < words.count, !words[index + 1].isEmpty else {
                    ClerkMirrorCommand.fail("resync: --user needs a user id", status: 2)
                }
                kind = .user
                userID = words[index + 1]
                index += 1
            default:
                ClerkMirrorCommand.fail("resync: unknown option \(words[index])", status: 2)
            }
            index += 1
        }
        let database: any Database
        do {
            database = try settings.database.open(poolSize: 2)
            try await MigrationRunner(database: database, logger: logger.child("migrations")).migrate()
        } catch {
            ClerkMirrorCommand.fail("cannot open \(settings.database): \(error)", status: 1)
        }
        guard let reconciler = Reconciler.fromSettings(settings, database: database, metrics: nil, logger: logger) else {
            ClerkMirrorCommand.fail("CLERK_SECRET_KEY: required by resync", status: 2)
        }
        let view = ResyncProgressView(terminal: isatty(STDERR_FILENO) == 1)
        let pass: Reconciler.PreparedPass
        do {
            pass = try await reconciler.prepare(kind, userID: userID, trigger: "command")
        } catch {
            ClerkMirrorCommand.fail("resync: \(error)", status: 1)
        }
        let task = Task { await reconciler.execute(pass) { view.show($0) } }
        let signals = SignalHandler { _ in task.cancel() }
        let run = await task.value
        withExtendedLifetime(signals) {}
        view.finish(run)
        await database.close()
        switch run.state {
        case .complete: exit(0)
        case .interrupted: exit(130)
        case .failed, .running: exit(1)
        }
    }
}
