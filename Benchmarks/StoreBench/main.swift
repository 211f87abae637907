import Foundation
import Store

// store-bench: upserts N users (~1.5 KB raw JSON each) in batches, one transaction a batch,
// through the Store module exactly as the mirror would, into SQLite or PostgreSQL.
// Two phases: insert path (new ids, empty table), update path (same ids, newer updated_at).
// scripts/bench-store runs it beside the references (Python's sqlite3, pgbench).

let usage = """
    usage: store-bench (--sqlite PATH | --postgres URL) [--rows N] [--batch N]
                       [--variant row|multi|both] [--rows-per-statement N]
           store-bench --print-row N PHASE

      --variant row    one single-row upsert per row: conn.execute(sql, args) x batch (default: both)
      --variant multi  one upsert with --rows-per-statement VALUES tuples (default 100)
    Existing data at PATH / in URL's public schema is DROPPED before each variant.
    Prints: <sqlite|postgres> <insert|update|combined> rows_per_s=.. seconds=.. rows=.. variant=<row|multiN>
    """

struct Options {
    var location: DatabaseLocation?
    var sqlitePath: String?
    var rows = 100_000
    var batch = 500
    var variants = ["row", "multi"]
    var rowsPerStatement = 100
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("store-bench: \(message)\n".utf8))
    exit(2)
}

func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var rest = arguments[...]
    func value(_ flag: String) -> String {
        guard let next = rest.popFirst() else { fail("\(flag) needs a value\n\(usage)") }
        return next
    }
    func number(_ flag: String) -> Int {
        guard let n = Int(value(flag)), n > 0 else { fail("\(flag) needs a positive number") }
        return n
    }
    while let flag = rest.popFirst() {
        switch flag {
        case "--sqlite":
            let path = value(flag)
            options.sqlitePath = path
            options.location = .sqlite(path: path)
        case "--postgres":
            do { options.location = try DatabaseLocation(url: value(flag)) } catch { fail("\(error)") }
        case "--rows": options.rows = number(flag)
        case "--batch": options.batch = number(flag)
        case "--rows-per-statement": options.rowsPerStatement = number(flag)
        case "--variant":
            switch value(flag) {
            case "row": options.variants = ["row"]
            case "multi": options.variants = ["multi"]
            case "both": options.variants = ["row", "multi"]
            case let other: fail("unknown variant \(other)")
            }
        case "--print-row":
            guard let n = Int(value(flag)), let phase = Int(value(flag)) else { fail(usage) }
            for column in BenchRows.row(n, phase: phase) {
                switch column {
                case .integer(let number): print(number)
                case .text(let text): print(text)
                default: print(column)
                }
            }
            exit(0)
        case "-h", "--help":
            print(usage)
            exit(0)
        default:
            fail("unknown argument \(flag)\n\(usage)")
        }
    }
    guard options.location != nil else { fail(usage) }
    return options
}

/// An empty, migrated database: SQLite's files are removed; PostgreSQL's public schema is recreated.
func freshDatabase(_ options: Options) async throws -> any Database {
    let location = options.location!
    if let path = options.sqlitePath {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    let database = try location.open(poolSize: 1)
    if database.dialect == .postgres {
        try await database.write { connection in
            try connection.executeScript("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public")
        }
    }
    // The references build their tables from 0001_initial.sql alone; so does this side, so
    // that both maintain the same indexes.
    let initial = Migration.all(for: database.dialect).filter { $0.version == 1 }
    try await MigrationRunner(database: database, migrations: initial).migrate()
    return database
}

func report(_ dialect: SQLDialect, _ phase: String, rows: Int, seconds: Double, variant: String) {
    let rate = Double(rows) / seconds
    let line = "\(dialect.rawValue) \(phase) rows_per_s=\(Int(rate.rounded())) seconds=\(String(format: "%.3f", seconds)) "
        + "rows=\(rows) variant=\(variant)\n"
    FileHandle.standardOutput.write(Data(line.utf8)) // unbuffered: a pipe sees each line as it comes
}

/// Every row is there and carries this phase's updated_at (so the update path replaced them all).
func check(_ database: any Database, rows: Int, phase: Int) async throws {
    let offset = Int64(phase) * BenchRows.dayMilliseconds
    let row = try await database.read { connection in
        try connection.queryOne(
            "SELECT count(*), sum(CASE WHEN updated_at = created_at + $1 THEN 1 ELSE 0 END) FROM users",
            [.integer(offset)])
    }
    let count = row?[0].int64 ?? -1, current = row?[1].int64 ?? -1
    guard count == rows, current == rows else {
        fail("phase \(phase) left \(count) rows, \(current) current (want \(rows))")
    }
}

func run(_ options: Options, variant: String) async throws {
    let database = try await freshDatabase(options)
    let perStatement = variant == "multi" ? options.rowsPerStatement : 1
    let name = variant == "multi" ? "multi\(perStatement)" : "row"
    let sql = BenchRows.upsertSQL(rowsPerStatement: 1)
    let multiSQL = BenchRows.upsertSQL(rowsPerStatement: perStatement)
    var totalSeconds = 0.0
    for (phase, phaseName) in [(1, "insert"), (2, "update")] {
        // Generated before the clock starts, like the Python reference's tuples.
        let rows = (0..<options.rows).map { BenchRows.row($0, phase: phase) }
        if database.dialect == .postgres {
            // Start each phase from a clean checkpoint (not timed); the pgbench phases get the same.
            try await database.write { try $0.executeScript("CHECKPOINT") }
        }
        let clock = ContinuousClock()
        let start = clock.now
        var first = 0
        while first < rows.count {
            let batch = Array(rows[first..<min(first + options.batch, rows.count)])
            first += batch.count
            if variant == "multi" {
                try await database.transaction { connection in
                    var index = 0
                    while index < batch.count {
                        let count = min(perStatement, batch.count - index)
                        var arguments: [SQLValue] = []
                        arguments.reserveCapacity(count * BenchRows.columns.count)
                        for row in batch[index..<index + count] { arguments.append(contentsOf: row) }
                        let statement = count == perStatement ? multiSQL : BenchRows.upsertSQL(rowsPerStatement: count)
                        try connection.execute(statement, arguments)
                        index += count
                    }
                }
            } else {
                try await database.transaction { connection in
                    for row in batch { try connection.execute(sql, row) }
                }
            }
        }
        let seconds = (clock.now - start) / .seconds(1)
        totalSeconds += seconds
        report(database.dialect, phaseName, rows: rows.count, seconds: seconds, variant: name)
        try await check(database, rows: options.rows, phase: phase)
    }
    report(database.dialect, "combined", rows: 2 * options.rows, seconds: totalSeconds, variant: name)
    await database.close()
}

let options = parse(Array(CommandLine.arguments.dropFirst()))
do {
    for variant in options.variants { try await run(options, variant: variant) }
} catch {
    fail("\(error)")
}
