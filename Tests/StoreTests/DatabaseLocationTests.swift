import Store
import Testing

@Suite struct DatabaseLocationTests {
    @Test(arguments: [
        ("sqlite:clerk-mirror.sqlite3", "clerk-mirror.sqlite3"),
        ("sqlite:/var/lib/mirror.db", "/var/lib/mirror.db"),
        ("sqlite:///var/lib/mirror.db", "/var/lib/mirror.db"),
        ("sqlite://data/mirror.db", "data/mirror.db"),
    ])
    func sqlitePaths(url: String, path: String) throws {
        guard case .sqlite(let parsed) = try DatabaseLocation(url: url) else {
            Issue.record("\(url) is not SQLite")
            return
        }
        #expect(parsed == path)
    }

    @Test func postgresURLs() throws {
        let location = try DatabaseLocation(url: "postgres://u@localhost:5432/mirror")
        #expect(location.dialect == .postgres)
    }

    @Test func rejectsOtherSchemesAndEmptyPaths() {
        #expect(throws: PostgresConnectionOptions.ParseError.unsupportedScheme("mysql")) {
            try DatabaseLocation(url: "mysql://u@h/db")
        }
        #expect(throws: PostgresConnectionOptions.ParseError.self) { try DatabaseLocation(url: "sqlite:") }
        #expect(throws: PostgresConnectionOptions.ParseError.self) { try DatabaseLocation(url: "just-a-file.db") }
    }
}
