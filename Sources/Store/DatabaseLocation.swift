/// Where the mirror's data lives, parsed from `DATABASE_URL`.
public enum DatabaseLocation: Sendable, CustomStringConvertible {
    /// `sqlite:PATH` (also `sqlite://PATH` and `sqlite:///ABSOLUTE`).
    case sqlite(path: String)
    /// `postgres://...` or `postgresql://...`.
    case postgres(PostgresConnectionOptions)

    public init(url: String) throws(PostgresConnectionOptions.ParseError) {
        let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        switch scheme.lowercased() {
        case "sqlite":
            var path = url.dropFirst("sqlite:".count)
            if path.hasPrefix("//") { path = path.dropFirst(2) }
            guard !path.isEmpty else { throw .malformed("sqlite: needs a file path, as in sqlite:clerk-mirror.sqlite3") }
            self = .sqlite(path: String(path))
        case "postgres", "postgresql":
            self = .postgres(try PostgresConnectionOptions(url: url))
        default:
            throw .unsupportedScheme(scheme == url ? "" : scheme)
        }
    }

    public var dialect: SQLDialect {
        switch self {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    /// Opens the database. SQLite opens its file now; PostgreSQL connects on first use.
    public func open(poolSize: Int = 6) throws -> any Database {
        switch self {
        case .sqlite(let path): try SQLiteDatabase(path: path)
        case .postgres(let options): PostgresDatabase(options: options, poolSize: poolSize)
        }
    }

    /// For messages: the path, or host, port and database; never a password.
    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite at \(path)"
        case .postgres(let options): options.description
        }
    }
}
