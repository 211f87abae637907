import Foundation
import Store
import TestSupport
import Testing

@Suite struct ClerkMirrorCommandTests {
    @Test func versionAndHelp() async throws {
        let version = try await MirrorBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("clerk-mirror "))
        let help = try await MirrorBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("migrate"))
        #expect(help.stdout.contains("DATABASE_URL"))
        let bare = try await MirrorBinary.run([])
        #expect(bare.status == 2)
    }

    @Test func unknownCommandOrOptionIsAUsageError() async throws {
        #expect(try await MirrorBinary.run(["frobnicate"]).status == 2)
        #expect(try await MirrorBinary.run(["--frobnicate", "migrate"]).status == 2)
        #expect(try await MirrorBinary.run(["--config"]).status == 2)
    }

    /// Each bad setting stops the program before it does anything: one line naming the
    /// setting, a non-zero status, no secret in the output, and no database file created.
    @Test(arguments: [
        ("DATABASE_URL", "mysql://u:pw@h/db", "DATABASE_URL: unsupported scheme \"mysql\""),
        ("CLERK_SECRET_KEY", "pk_live_secretvalue", "CLERK_SECRET_KEY:"),
        ("CLERK_API_URL", "not a url", "CLERK_API_URL:"),
        ("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_%%%", "CLERK_WEBHOOK_SIGNING_SECRET:"),
        ("MIRROR_LISTEN", "127.0.0.1:http", "MIRROR_LISTEN:"),
        ("MIRROR_API_KEYS", "k3y-q7", "MIRROR_API_KEYS:"),
        ("MIRROR_ADMIN_KEY", "adm-q7", "MIRROR_ADMIN_KEY:"),
        ("RECONCILE_INTERVAL", "often", "RECONCILE_INTERVAL:"),
        ("CLERK_API_RATE", "-1", "CLERK_API_RATE:"),
        ("EVENT_MAX_ATTEMPTS", "0", "EVENT_MAX_ATTEMPTS:"),
        ("INBOX_RETENTION", "1h", "INBOX_RETENTION:"),
        ("CLERK_API_TIMEOUT", "0", "CLERK_API_TIMEOUT:"),
        ("CLERK_API_TIMEOUT", "soon", "CLERK_API_TIMEOUT:"),
        ("SHUTDOWN_TIMEOUT", "0", "SHUTDOWN_TIMEOUT:"),
        ("SHUTDOWN_TIMEOUT", "soon", "SHUTDOWN_TIMEOUT:"),
    ])
    func badSettingStopsWithOneLine(name: String, value: String, prefix: String) async throws {
        let folder = try MirrorBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try await MirrorBinary.run(["migrate"], environment: [name: value], directory: folder)
        #expect(outcome.status == 2)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("clerk-mirror: \(prefix)") == true, "\(outcome.stderr)")
        if name.contains("KEY") || name.contains("SECRET") { #expect(!outcome.stderr.contains(value)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func badConfigFileLineIsNamed() async throws {
        let folder = try MirrorBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/mirror.env"
        try "DATABASE_URL=sqlite:x.db\nMIRROR_LISTN=1.2.3.4:5\n".write(toFile: file, atomically: true, encoding: .utf8)
        let outcome = try await MirrorBinary.run(["--config", file, "migrate"], directory: folder)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("line 2: unknown setting \"MIRROR_LISTN\""))
    }

    @Test func migrateCreatesTheSQLiteDefaultAndIsIdempotent() async throws {
        let folder = try MirrorBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try await MirrorBinary.run(["migrate"], directory: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied"))
        #expect(FileManager.default.fileExists(atPath: folder + "/clerk-mirror.sqlite3"))
        let second = try await MirrorBinary.run(["migrate"], directory: folder)
        #expect(second.status == 0)
        #expect(second.stdout.contains("up to date"))
    }

    @Test(.enabled(if: TestDatabaseKind.available.contains(.postgres)))
    func migratePostgresFromTheEnvironment() async throws {
        let test = try TestDatabase.make(.postgres)
        let outcome = try await MirrorBinary.run(["migrate"], environment: ["DATABASE_URL": test.url])
        await test.drop()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("applied"))
    }

    @Test func unreachablePostgresNamesHostAndPortNotPassword() async throws {
        let outcome = try await MirrorBinary.run(
            ["migrate"], environment: ["DATABASE_URL": "postgres://mirror:s3cr3t-pw@127.0.0.1:1/mirror?connect_timeout=2"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("127.0.0.1:1"))
        #expect(!outcome.stderr.contains("s3cr3t-pw"))
        #expect(!outcome.stdout.contains("s3cr3t-pw"))
    }
}
