import Foundation
import Mirror
import Store

/// `clerk-mirror dead-letters list [--json] [--limit N]`, `dead-letters replay ID...` and
/// `dead-letters replay --all`.
enum DeadLettersCommand {
    static func run(_ words: [String], settings: Settings) async {
        switch words.first {
        case "list": await list(Array(words.dropFirst()), settings: settings)
        case "replay": await replay(Array(words.dropFirst()), settings: settings)
        default: ClerkMirrorCommand.fail("dead-letters: expected list or replay", status: 2)
        }
    }

    static func list(_ words: [String], settings: Settings) async {
        var json = false
        var limit = 100
        var index = 0
        while index < words.count {
            switch words[index] {
            case "--json":
                json = true
            case "--limit":
                guard index + 1 < words.count, let value = Int(words[index + 1]), value > 0 else {
                    ClerkMirrorCommand.fail("dead-letters list: --limit needs a positive number", status: 2)
                }
                limit = value
                index += 1
            default:
                ClerkMirrorCommand.fail("dead-letters list: unknown option \(words[index])", status: 2)
            }
            index += 1
        }
        let database = await ExistingDatabase.open(settings)
        do {
            let letters = DeadLetters(database: database)
            let entries = try await letters.list(limit: limit)
            let total = try await letters.count()
            await database.close()
            print(json ? String(decoding: DeadLetters.json(entries, total: total), as: UTF8.self)
                       : DeadLetters.text(entries, total: total))
        } catch {
            ClerkMirrorCommand.fail("cannot list the dead letters of \(settings.database): \(error)", status: 1)
        }
    }

    /// Exit status 1 when an id given was not a dead letter, so scripts notice a typo.
    static func replay(_ words: [String], settings: Settings) async {
        let all = words == ["--all"]
        if let option = words.first(where: { $0.hasPrefix("-") }), !all {
            ClerkMirrorCommand.fail("dead-letters replay: \(option == "--all" ? "--all takes no ids" : "unknown option \(option)")", status: 2)
        }
        guard !words.isEmpty else { ClerkMirrorCommand.fail("dead-letters replay: give ids or --all", status: 2) }
        let database = await ExistingDatabase.open(settings)
        do {
            let letters = DeadLetters(database: database)
            if all {
                let count = try await letters.replayAll()
                await database.close()
                print("re-queued \(count) dead letter(s)")
                return
            }
            let requeued = Set(try await letters.replayed(words))
            await database.close()
            let missing = words.filter { !requeued.contains($0) }
            print("re-queued \(requeued.count) dead letter(s)")
            if !missing.isEmpty {
                ClerkMirrorCommand.fail("not dead letters: \(missing.joined(separator: " "))", status: 1)
            }
        } catch {
            ClerkMirrorCommand.fail("cannot replay the dead letters of \(settings.database): \(error)", status: 1)
        }
    }
}
