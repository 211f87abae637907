import Foundation
import Mirror
import Store

// read-bench: seeds a mirror database with N users written through UserWriter (the same rows
// webhooks and the reconciler write: users, email and phone rows, search text), then writes
// the ids and the email addresses (percent-encoded), one a line, for wrk's Lua script. scripts/bench-read runs
// `clerk-mirror serve` over the result.

let usage = """
    usage: read-bench --database URL [--users N] [--ids FILE] [--emails FILE]
      Migrates URL (sqlite:PATH or postgres://...), then stores N users (default 100000).
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("read-bench: \(message)\n".utf8))
    exit(2)
}

var databaseURL: String?
var count = 100_000
var idsPath: String?
var emailsPath: String?
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("\(flag) needs a value\n\(usage)") }
    switch flag {
    case "--database": databaseURL = value
    case "--users": count = Int(value) ?? 0
    case "--ids": idsPath = value
    case "--emails": emailsPath = value
    default: fail("unknown option \(flag)\n\(usage)")
    }
}
guard let databaseURL, count > 0 else { fail(usage) }

let database: any Database
do {
    database = try DatabaseLocation(url: databaseURL).open()
    try await MigrationRunner(database: database).migrate()
} catch {
    fail("\(error)")
}

let started = Date()
let batch = 500
var ids: [String] = []
var emails: [String] = []
var random = SystemRandomNumberGenerator()
for start in stride(from: 0, to: count, by: batch) {
    let users = (start..<min(start + batch, count)).map { BenchUser.make(index: $0, random: &random) }
    ids.append(contentsOf: users.map(\.id))
    emails.append(contentsOf: users.map(\.email))
    let raws = users.map(\.raw)
    do {
        try await database.transaction { connection in
            for raw in raws {
                _ = try UserWriter.upsert(try UserRecord.parse(raw), source: "bench", now: 0, connection)
            }
        }
    } catch {
        fail("storing users \(start)...: \(error)")
    }
}
// PostgreSQL's autovacuum analyzes a freshly loaded table within a minute; do it now. SQLite
// gathers no statistics by itself, and the mirror never asks, so neither does this.
if database.dialect == .postgres {
    try await database.write { try $0.executeScript("ANALYZE") }
}
await database.close()
let seconds = Date().timeIntervalSince(started)
if let idsPath { try ids.joined(separator: "\n").appending("\n").write(toFile: idsPath, atomically: true, encoding: .utf8) }
// Percent-encoded, ready for a query string (some addresses have non-ASCII letters).
let queryValue = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@.-_")
if let emailsPath {
    try emails.map { $0.addingPercentEncoding(withAllowedCharacters: queryValue) ?? $0 }.joined(separator: "\n").appending("\n")
        .write(toFile: emailsPath, atomically: true, encoding: .utf8)
}
print(String(format: "read-bench: stored %d users in %.1f s", count, seconds))
