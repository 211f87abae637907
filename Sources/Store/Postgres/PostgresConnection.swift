import Foundation
import CLibPQ

/// One libpq connection. Owned by one serial queue; `PQfinish` runs in `deinit`.
///
/// Inserts are prepared once per connection and run with `PQexecPrepared`; other statements
/// run unnamed with `PQexecParams` (see `keepsOnePlan`). Values are always sent as parameters
/// (text, or binary for bytes), never spliced into SQL.
public final class PostgresConnection: DatabaseConnection {
    public let dialect = SQLDialect.postgres
    let handle: OpaquePointer
    private var statementNames: [String: String] = [:]
    /// Named statements kept on the server; past it they are all deallocated and the naming
    /// starts over (multi-row inserts come in a shape per row count).
    static let statementCacheLimit = 512
    var preparedStatementCount: Int { statementNames.count }

    public init(options: PostgresConnectionOptions) throws {
        let pairs = options.keywords
        let connection: OpaquePointer? = Self.withCStrings(pairs.map(\.0)) { keywords in
            Self.withCStrings(pairs.map(\.1)) { values in
                PQconnectdbParams(keywords, values, 0)
            }
        }
        guard let connection else {
            throw DatabaseError(kind: .connectionFailed, operation: "connect",
                                message: "cannot connect to \(options): out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.oneLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw DatabaseError(kind: .connectionFailed, operation: "connect",
                                message: "cannot connect to \(options): \(reason)")
        }
        handle = connection
        // libpq prints NOTICEs to stderr by default; the service logs for itself.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        // Rule 1 of the design: a commit that returns is durable, whatever the server default.
        try executeScript("SET synchronous_commit = on")
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether the server side is gone (killed backend, restart, network).
    public var isBroken: Bool { PQstatus(handle) != CONNECTION_OK }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try run(sql, arguments).changedRows
    }

    public func query(_ sql: String, _ arguments: [SQLValue]) throws -> [Row] {
        try run(sql, arguments).rows()
    }

    public func executeScript(_ sql: String) throws {
        let result = PQexec(handle, sql)
        try check(result, operation: "exec")
    }

    /// A deferred commit returns before its WAL is flushed; the WAL writer flushes it within
    /// a few hundred milliseconds, and a crash of the server before that loses the
    /// transaction whole (https://www.postgresql.org/docs/15/wal-async-commit.html).
    public func beginTransaction(_ durability: CommitDurability) throws {
        try executeScript(durability == .deferred ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN")
    }

    public func endTransaction(_ durability: CommitDurability) {}

    /// The backend's process id, for tests that terminate it.
    public var backendPID: Int32 { PQbackendPID(handle) }

    private func run(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresResult {
        var encoded = EncodedParameters(arguments)
        guard statementNames[sql] != nil || Self.keepsOnePlan(sql) else {
            // Unnamed: parsed and planned with these values, every time.
            let result = encoded.withPointers { values, lengths, formats in
                PQexecParams(handle, sql, Int32(arguments.count), nil, values, lengths, formats, 0)
            }
            return try check(result, operation: "query")
        }
        let name = try preparedName(sql, parameterCount: arguments.count)
        let result = encoded.withPointers { values, lengths, formats in
            PQexecPrepared(handle, name, Int32(arguments.count), values, lengths, formats, 0)
        }
        return try check(result, operation: "query")
    }

    /// Whether a statement is prepared once and reused with PostgreSQL's cached plan: only an
    /// `INSERT ... VALUES`, which scans nothing. A statement that looks rows up is planned
    /// with its values each time instead: a connection lives while tables grow from empty,
    /// and a cached generic plan made when a table was small (a sequential scan) would stay,
    /// turning key lookups quadratic. Re-planning every statement instead (`plan_cache_mode =
    /// force_custom_plan`) cost upserts about a quarter of their speed.
    static func keepsOnePlan(_ sql: String) -> Bool {
        let start = sql.drop(while: \.isWhitespace).prefix(6)
        return start.uppercased() == "INSERT" && !sql.uppercased().contains("SELECT")
    }

    private func preparedName(_ sql: String, parameterCount: Int) throws -> String {
        if let name = statementNames[sql] { return name }
        if statementNames.count >= Self.statementCacheLimit {
            try check(PQexec(handle, "DEALLOCATE ALL"), operation: "deallocate")
            statementNames.removeAll()
        }
        let name = "s\(statementNames.count + 1)"
        try check(PQprepare(handle, name, sql, Int32(parameterCount), nil), operation: "prepare")
        statementNames[sql] = name
        return name
    }

    @discardableResult
    private func check(_ raw: OpaquePointer?, operation: String) throws -> PostgresResult {
        guard let raw else {
            throw DatabaseError(kind: isBroken ? .connectionFailed : .other, operation: operation,
                                message: Self.oneLine(PQerrorMessage(handle)))
        }
        let result = PostgresResult(raw)
        if result.succeeded { return result }
        let state = result.field(Int32(UInt8(ascii: "C"))) // PG_DIAG_SQLSTATE
        let primary = result.field(Int32(UInt8(ascii: "M"))) // PG_DIAG_MESSAGE_PRIMARY
        var kind = state.map(SQLState.kind(of:)) ?? .other
        if isBroken { kind = .connectionFailed }
        if isBroken { statementNames.removeAll() }
        throw DatabaseError(kind: kind, operation: operation, sqlState: state,
                            message: primary ?? Self.oneLine(PQerrorMessage(handle)))
    }

    /// libpq messages end in newlines and may span lines; logs and errors want one line.
    static func oneLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message)
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    /// Calls `body` with a NULL-terminated array of C strings that live for the call.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}


