import Foundation
@testable import Mirror
import Store
import Testing

@Suite struct SettingsTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test func defaultsFollowTheDesign() throws {
        let settings = try Settings(values: [:])
        guard case .sqlite(let path) = settings.database else {
            Issue.record("the default database is not SQLite")
            return
        }
        #expect(path == "clerk-mirror.sqlite3")
        #expect(settings.clerkSecretKey == nil)
        #expect(settings.clerkAPIURL.absoluteString == "https://api.clerk.com")
        #expect(settings.webhookSigningSecret == nil)
        #expect(settings.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(settings.apiKeys.isEmpty)
        #expect(settings.adminKey == nil)
        #expect(settings.reconcileInterval == .seconds(3600))
        #expect(settings.clerkAPIRate == 20)
    }

    @Test func readsEverySetting() throws {
        let settings = try Settings(values: [
            "DATABASE_URL": "postgres://u:p@db:5432/mirror?sslmode=disable",
            "CLERK_SECRET_KEY": "sk_test_abcdef",
            "CLERK_API_URL": "http://127.0.0.1:9999/",
            "CLERK_WEBHOOK_SIGNING_SECRET": "\(Self.secret), whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
            "MIRROR_LISTEN": "[::1]:0",
            "MIRROR_API_KEYS": "key-one-0123456789, key-two-0123456789",
            "MIRROR_ADMIN_KEY": "admin-key-0123456789",
            "RECONCILE_INTERVAL": "1h30m",
            "CLERK_API_RATE": "2.5",
        ])
        #expect(settings.database.dialect == .postgres)
        #expect(settings.clerkSecretKey == "sk_test_abcdef")
        #expect(settings.clerkAPIURL.absoluteString == "http://127.0.0.1:9999")
        #expect(settings.listen == ListenAddress(host: "::1", port: 0))
        #expect(settings.apiKeys == ["key-one-0123456789", "key-two-0123456789"])
        #expect(settings.adminKey == "admin-key-0123456789")
        #expect(settings.reconcileInterval == .seconds(5400))
        #expect(settings.clerkAPIRate == 2.5)
    }

    /// Each malformed value names its setting; none repeats a secret it was given.
    @Test(arguments: [
        ("DATABASE_URL", "mysql://u@h/db", "unsupported scheme \"mysql\""),
        ("DATABASE_URL", "sqlite:", nil),
        ("DATABASE_URL", "postgres://u@h/db?sslmod=disable", "unknown connection parameter \"sslmod\""),
        ("CLERK_SECRET_KEY", "pk_test_123", "must start with sk_live_ or sk_test_"),
        ("CLERK_API_URL", "ftp://example.com", nil),
        ("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_", nil),
        ("CLERK_WEBHOOK_SIGNING_SECRET", "whsec_not*base64!", nil),
        ("MIRROR_LISTEN", "8080", nil),
        ("MIRROR_LISTEN", "localhost:99999", nil),
        ("MIRROR_LISTEN", "::1:8080", nil),
        ("MIRROR_API_KEYS", "k3y-q7", nil),
        ("MIRROR_API_KEYS", "a-long-enough-key-123,,", nil),
        ("MIRROR_ADMIN_KEY", "adm-q7", nil),
        ("RECONCILE_INTERVAL", "soon", nil),
        ("RECONCILE_INTERVAL", "5x", nil),
        ("CLERK_API_RATE", "0", nil),
        ("CLERK_API_RATE", "fast", nil),
        ("CLERK_API_RATE", "1000", nil),
        ("MIRROR_STRIP_PRIVATE_METADATA", "maybe", "is not true or false"),
    ] as [(String, String, String?)])
    func malformedValueNamesItsSetting(name: String, value: String, problem: String?) {
        do {
            _ = try Settings(values: [name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch {
            #expect(error.setting == name)
            if let problem { #expect(error.problem == problem) }
            #expect(!error.description.contains("\n"))
            if name.contains("KEY") || name.contains("SECRET") { #expect(!error.description.contains(value)) }
        }
    }

    @Test(arguments: [("true", true), ("TRUE", true), ("1", true), ("yes", true), ("false", false), ("0", false), ("no", false)])
    func stripPrivateMetadataReadsABoolean(text: String, value: Bool) throws {
        #expect(try Settings(values: ["MIRROR_STRIP_PRIVATE_METADATA": text]).stripPrivateMetadata == value)
    }

    @Test func privateMetadataIsServedUnlessAskedOtherwise() throws {
        #expect(try Settings(values: [:]).stripPrivateMetadata == false)
        #expect(try Settings.load(environment: ["MIRROR_STRIP_PRIVATE_METADATA": "true"], configFile: nil).stripPrivateMetadata)
    }

    @Test func environmentOverridesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mirror.env").path
        try """
            # comment
            export MIRROR_LISTEN=0.0.0.0:9000
            CLERK_API_RATE = "5"

            RECONCILE_INTERVAL='10m'
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let settings = try Settings.load(environment: ["CLERK_API_RATE": "7", "UNRELATED": "x"], configFile: file)
        #expect(settings.listen == ListenAddress(host: "0.0.0.0", port: 9000))
        #expect(settings.clerkAPIRate == 7)
        #expect(settings.reconcileInterval == .seconds(600))
    }

    @Test func fileWithUnknownOrMalformedLinesIsRefused() {
        #expect(throws: SettingsError("--config f", "line 2: unknown setting \"DATABSE_URL\"")) {
            try SettingsFile.parse("# ok\nDATABSE_URL=sqlite:x\n", name: "f")
        }
        #expect(throws: SettingsError("--config f", "line 1: expected KEY=VALUE")) {
            try SettingsFile.parse("just words\n", name: "f")
        }
        #expect(throws: SettingsError.self) { try Settings.load(environment: [:], configFile: "/nonexistent/mirror.env") }
    }

    @Test(arguments: [("0", 0), ("90", 90), ("30s", 30), ("5m", 300), ("1h", 3600), ("1d", 86400), ("1h30m", 5400)])
    func durations(text: String, seconds: Int64) throws {
        #expect(try DurationSetting.parse(text, setting: "X") == .seconds(seconds))
    }
}
