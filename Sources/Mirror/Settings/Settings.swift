import Foundation
import Signing
import Store

/// Every setting of the design, read once at the edge (the executable) and passed down as a
/// value. The environment overrides the `--config` file.
public struct Settings: Sendable {
    public var database: DatabaseLocation
    public var clerkSecretKey: String?
    public var clerkAPIURL: URL
    /// The comma-separated `whsec_` secrets, already checked; nil without webhooks.
    public var webhookSigningSecret: String?
    public var listen: ListenAddress
    public var apiKeys: [String]
    public var adminKey: String?
    /// Zero turns scheduled passes off.
    public var reconcileInterval: Duration
    /// Time between incremental passes; zero turns them off.
    public var reconcileIncrementalInterval: Duration
    /// Backend API requests per second from this process, at most.
    public var clerkAPIRate: Double
    /// How long one Backend API request may take before it counts as failed (and is retried).
    public var clerkAPITimeout: Duration
    /// How long done and ignored inbox rows are kept (and duplicates recognised).
    public var inboxRetention: Duration
    /// Attempts to apply an event before it becomes a dead letter.
    public var eventMaxAttempts: Int
    /// How long `serve` may take to stop after SIGTERM or SIGINT before it gives up and exits 1.
    public var shutdownTimeout: Duration
    /// Leaves `private_metadata` out of every `/v1` answer.
    public var stripPrivateMetadata: Bool

    /// The names this program reads; a `--config` file with any other name is refused.
    public static let known: Set<String> = [
        "DATABASE_URL", "CLERK_SECRET_KEY", "CLERK_API_URL", "CLERK_WEBHOOK_SIGNING_SECRET", "MIRROR_LISTEN",
        "MIRROR_API_KEYS", "MIRROR_ADMIN_KEY", "RECONCILE_INTERVAL", "RECONCILE_INCREMENTAL_INTERVAL", "CLERK_API_RATE",
        "CLERK_API_TIMEOUT", "INBOX_RETENTION", "EVENT_MAX_ATTEMPTS", "SHUTDOWN_TIMEOUT", "MIRROR_STRIP_PRIVATE_METADATA",
    ]

    /// Bearer keys shorter than this are refused: they are the only thing between the
    /// network and every user's data.
    public static let minimumKeyLength = 16

    /// Reads the settings from `environment`, over the values of `configFile` when given.
    public static func load(environment: [String: String], configFile: String?) throws(SettingsError) -> Settings {
        var values = try configFile.map { path throws(SettingsError) in try SettingsFile.read(path: path) } ?? [:]
        for name in known {
            if let value = environment[name] { values[name] = value }
        }
        return try Settings(values: values)
    }

    public init(values: [String: String]) throws(SettingsError) {
        func value(_ name: String) -> String? {
            guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }

        let databaseURL = value("DATABASE_URL") ?? "sqlite:clerk-mirror.sqlite3"
        do {
            database = try DatabaseLocation(url: databaseURL)
        } catch {
            throw SettingsError("DATABASE_URL", error.description)
        }

        clerkSecretKey = try value("CLERK_SECRET_KEY").map { key throws(SettingsError) in
            guard key.hasPrefix("sk_live_") || key.hasPrefix("sk_test_"), key.count > "sk_test_".count else {
                throw SettingsError("CLERK_SECRET_KEY", "must start with sk_live_ or sk_test_")
            }
            return key
        }

        let apiURL = value("CLERK_API_URL") ?? "https://api.clerk.com"
        guard let url = URL(string: apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL),
              let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty
        else {
            throw SettingsError("CLERK_API_URL", "\"\(apiURL)\" is not an http or https URL")
        }
        clerkAPIURL = url

        webhookSigningSecret = try value("CLERK_WEBHOOK_SIGNING_SECRET").map { secret throws(SettingsError) in
            do {
                _ = try WebhookVerifier(commaSeparated: secret)
            } catch {
                throw SettingsError("CLERK_WEBHOOK_SIGNING_SECRET", "\(error)")
            }
            return secret
        }

        listen = try ListenAddress(parsing: value("MIRROR_LISTEN") ?? "127.0.0.1:8080")

        apiKeys = try Self.keys(value("MIRROR_API_KEYS"), setting: "MIRROR_API_KEYS")
        let adminKeys = try Self.keys(value("MIRROR_ADMIN_KEY"), setting: "MIRROR_ADMIN_KEY")
        guard adminKeys.count <= 1 else { throw SettingsError("MIRROR_ADMIN_KEY", "takes one key, not a list") }
        adminKey = adminKeys.first

        reconcileInterval = try DurationSetting.parse(value("RECONCILE_INTERVAL") ?? "1h", setting: "RECONCILE_INTERVAL")
        reconcileIncrementalInterval = try DurationSetting.parse(value("RECONCILE_INCREMENTAL_INTERVAL") ?? "5m",
                                                                 setting: "RECONCILE_INCREMENTAL_INTERVAL")

        let rateText = value("CLERK_API_RATE") ?? "20"
        guard let rate = Double(rateText), rate.isFinite, rate > 0, rate <= 100 else {
            throw SettingsError("CLERK_API_RATE", "\"\(rateText)\" is not a number of requests per second above 0 and at most 100 (Clerk allows 100/s in production)")
        }
        clerkAPIRate = rate
        clerkAPITimeout = try DurationSetting.parse(value("CLERK_API_TIMEOUT") ?? "30s", setting: "CLERK_API_TIMEOUT")
        guard clerkAPITimeout >= .seconds(1) else {
            throw SettingsError("CLERK_API_TIMEOUT", "must be at least 1s")
        }

        inboxRetention = try DurationSetting.parse(value("INBOX_RETENTION") ?? "7d", setting: "INBOX_RETENTION")
        // Svix retries a message for about 27.6 hours; a shorter window would let a late retry in twice.
        guard inboxRetention >= .seconds(28 * 3600) else {
            throw SettingsError("INBOX_RETENTION", "must be at least 28h, longer than Svix's retry horizon")
        }
        let attemptsText = value("EVENT_MAX_ATTEMPTS") ?? "8"
        guard let attempts = Int(attemptsText), (1...100).contains(attempts) else {
            throw SettingsError("EVENT_MAX_ATTEMPTS", "\"\(attemptsText)\" is not a whole number from 1 to 100")
        }
        eventMaxAttempts = attempts

        shutdownTimeout = try DurationSetting.parse(value("SHUTDOWN_TIMEOUT") ?? "10s", setting: "SHUTDOWN_TIMEOUT")
        guard shutdownTimeout >= .seconds(1) else {
            throw SettingsError("SHUTDOWN_TIMEOUT", "must be at least 1s")
        }
        switch value("MIRROR_STRIP_PRIVATE_METADATA")?.lowercased() ?? "false" {
        case "true", "1", "yes": stripPrivateMetadata = true
        case "false", "0", "no": stripPrivateMetadata = false
        default: throw SettingsError("MIRROR_STRIP_PRIVATE_METADATA", "is not true or false")
        }
    }

    private static func keys(_ text: String?, setting: String) throws(SettingsError) -> [String] {
        guard let text else { return [] }
        let keys = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, key) in keys.enumerated() {
            guard !key.isEmpty else { throw SettingsError(setting, "key \(index + 1) is empty") }
            guard key.count >= minimumKeyLength else {
                throw SettingsError(setting, "key \(index + 1) is shorter than \(minimumKeyLength) characters")
            }
            guard key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw SettingsError(setting, "key \(index + 1) has spaces or non-ASCII characters")
            }
        }
        return keys
    }
}
