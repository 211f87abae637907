import Store
import Testing

@Suite struct PostgresConnectionOptionsTests {
    @Test func takesTheURLApartIntoKeywords() throws {
        let options = try PostgresConnectionOptions(
            url: "postgres://app%40corp:p%40ss%3Aw0rd@db.internal:6543/mirror%20db?sslmode=require&application_name=clerk-mirror")
        #expect(options.value(for: "user") == "app@corp")
        #expect(options.value(for: "password") == "p@ss:w0rd")
        #expect(options.host == "db.internal")
        #expect(options.port == "6543")
        #expect(options.database == "mirror db")
        #expect(options.value(for: "sslmode") == "require")
        #expect(options.value(for: "application_name") == "clerk-mirror")
        #expect(options.value(for: "connect_timeout") == "10")
    }

    @Test func acceptsIPv6AndTheLongScheme() throws {
        let options = try PostgresConnectionOptions(url: "postgresql://u@[::1]:5432/db")
        #expect(options.host == "::1")
        #expect(options.database == "db")
    }

    @Test func queryItemsOverrideDefaults() throws {
        let options = try PostgresConnectionOptions(url: "postgres://u@h/db?connect_timeout=3&host=/var/run/postgresql")
        #expect(options.value(for: "connect_timeout") == "3")
        #expect(options.host == "/var/run/postgresql")
    }

    @Test func rejectsUnknownKeywordsAndSchemes() {
        #expect(throws: PostgresConnectionOptions.ParseError.unknownKeyword("sslmodee")) {
            try PostgresConnectionOptions(url: "postgres://u@h/db?sslmodee=disable")
        }
        #expect(throws: PostgresConnectionOptions.ParseError.unsupportedScheme("mysql")) {
            try PostgresConnectionOptions(url: "mysql://u@h/db")
        }
    }

    @Test func descriptionNeverShowsThePassword() throws {
        let options = try PostgresConnectionOptions(url: "postgres://u:topsecret@h:5433/db")
        #expect(options.description == "PostgreSQL at h:5433/db")
        #expect(!options.description.contains("topsecret"))
    }
}
