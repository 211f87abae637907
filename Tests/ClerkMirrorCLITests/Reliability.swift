import FakeClerk
import Foundation
import Store
import TestSupport

/// What the reliability suites share: their size (short under `scripts/test`, long under
/// `scripts/reliability --long`), the figures they record for the results table, a sender
/// that retries like Svix on a compressed schedule, and the mirror's tables read back.
enum Reliability {
    /// `CLERK_MIRROR_RELIABILITY=long` picks the long sizes.
    static var isLong: Bool { ProcessInfo.processInfo.environment["CLERK_MIRROR_RELIABILITY"] == "long" }

    static func size(short: Int, long: Int) -> Int { isLong ? long : short }

    /// Appends one line, `case<TAB>database<TAB>name=value…`, to the file named by
    /// `CLERK_MIRROR_RELIABILITY_RESULTS` (nothing when unset), for `scripts/reliability`.
    static func record(_ name: String, _ database: String, _ figures: KeyValuePairs<String, Any>) {
        guard let path = ProcessInfo.processInfo.environment["CLERK_MIRROR_RELIABILITY_RESULTS"] else { return }
        let fields = [name, database] + figures.map { "\($0.key)=\($0.value)" }
        let line = fields.joined(separator: "\t") + "\n"
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        handle.closeFile()
    }

    /// A free port on 127.0.0.1, for a `serve` that must come back on the same one.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address -> Int32 in
                guard bind(descriptor, address, length) == 0 else { return -1 }
                return getsockname(descriptor, address, &length)
            }
        }
        guard bound == 0 else { throw TestSupportError("bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Svix's way of retrying, with waits of milliseconds to seconds instead of minutes to
    /// hours: `retries` retries, the waits doubling from 50 ms up to `cap`.
    static func sender(port: Int, concurrency: Int = 8, retries: Int = 30, cap: Duration = .seconds(1)) throws -> WebhookSender {
        var delays: [Duration] = []
        var delay = Duration.milliseconds(50)
        for _ in 0..<retries {
            delays.append(delay)
            delay = min(delay * 2, cap)
        }
        let url = URL(string: "http://127.0.0.1:\(port)/webhooks/clerk")!
        return try WebhookSender(configuration: WebhookSenderConfiguration(
            url: url, secret: EndToEnd.secret, retryDelays: delays, concurrency: concurrency, attemptTimeout: .seconds(10)))
    }

    /// A database of the test's own, opened now: a pool opened before an outage may hold
    /// connections the server closed.
    static func freshDatabase(_ test: TestDatabase) throws -> any Database {
        try DatabaseLocation(url: test.url).open()
    }

    /// Every live user's `updated_at` and `raw`, by id.
    static func users(_ database: any Database) async throws -> [String: (updatedAt: Int64, raw: String)] {
        try await database.read { connection in
            var users: [String: (updatedAt: Int64, raw: String)] = [:]
            for row in try connection.query("SELECT id, updated_at, raw FROM users", []) {
                guard let id = row["id"].string else { continue }
                users[id] = (row["updated_at"].int64 ?? -1, row["raw"].string ?? "")
            }
            return users
        }
    }

    static func strings(_ database: any Database, _ sql: String) async throws -> [String] {
        try await database.read { connection in try connection.query(sql, []).compactMap { $0[0].string } }
    }

    /// `EndToEnd.waitUntilApplied`, failing with the inbox's states and `serve`'s last log
    /// lines when it times out.
    static func waitUntilApplied(_ serve: ServeProcess, port: Int, _ database: any Database) async throws {
        do {
            try await EndToEnd.waitUntilApplied(TestHTTPClient(port: port), timeout: .seconds(120))
        } catch {
            let states = (try? await inboxStates(database)) ?? [:]
            throw TestSupportError("\(error); inbox \(states); log:\n\(serve.lines.suffix(15).joined(separator: "\n"))")
        }
    }

    /// Messages answered 2xx that are not in the inbox as applied.
    static func lost(_ database: any Database, _ reports: [WebhookDeliveryReport]) async throws -> Int {
        let applied = Set(try await strings(database, "SELECT svix_id FROM webhook_inbox WHERE state = 'done'"))
        return Set(reports.filter(\.delivered).map(\.messageID)).subtracting(applied).count
    }

    /// The inbox's rows per state.
    static func inboxStates(_ database: any Database) async throws -> [String: Int] {
        try await database.read { connection in
            var states: [String: Int] = [:]
            for row in try connection.query("SELECT state, count(*) FROM webhook_inbox GROUP BY state", []) {
                states[row[0].string ?? "?"] = Int(row[1].int64 ?? 0)
            }
            return states
        }
    }

    /// Compares the mirror with `history` applied in true order: the same live users, each
    /// with the expected `updated_at` and raw bytes, a tombstone for every deleted user, and
    /// one inbox row per event, applied. Returns what differs (empty when equal).
    static func differences(_ database: any Database, _ history: EventHistory) async throws -> [String] {
        var problems: [String] = []
        let expected = history.expectedUsers
        let actual = try await users(database)
        let missing = expected.keys.filter { actual[$0] == nil }
        let extra = actual.keys.filter { expected[$0] == nil }
        let stale = expected.filter { id, user in
            guard let found = actual[id] else { return false }
            return found.updatedAt != user.updatedAt || found.raw != user.raw
        }.map(\.key)
        if !missing.isEmpty { problems.append("\(missing.count) users missing, e.g. \(missing.prefix(3))") }
        if !extra.isEmpty { problems.append("\(extra.count) users that should be gone, e.g. \(extra.prefix(3))") }
        if !stale.isEmpty { problems.append("\(stale.count) users not at their last version, e.g. \(stale.prefix(3))") }
        let tombstones = Set(try await strings(database, "SELECT id FROM user_tombstones"))
        if tombstones != history.deletedUsers {
            problems.append("tombstones: \(tombstones.count), expected \(history.deletedUsers.count)")
        }
        let inbox = Set(try await strings(database, "SELECT svix_id FROM webhook_inbox WHERE state = 'done'"))
        let unapplied = history.events.filter { !inbox.contains($0.id) }
        if !unapplied.isEmpty { problems.append("\(unapplied.count) events not applied, e.g. \(unapplied.prefix(3).map(\.id))") }
        let rows = try await EndToEnd.count(database, "SELECT count(*) FROM webhook_inbox")
        if rows != history.events.count { problems.append("\(rows) inbox rows for \(history.events.count) events") }
        return problems
    }
}

extension EndToEnd {
    static func count(_ database: any Database, _ sql: String) async throws -> Int {
        try await database.read { Int(try $0.queryOne(sql, [])?[0].int64 ?? 0) }
    }
}

/// What became of a batch of deliveries, from the sender's reports.
struct DeliveryFigures: CustomStringConvertible {
    let messages: Int
    let delivered: Int
    let attempts: Int
    /// Attempts answered with each non-2xx status; `none` for no answer at all.
    let failures: [String: Int]

    init(_ reports: [WebhookDeliveryReport]) {
        messages = reports.count
        delivered = reports.filter(\.delivered).count
        attempts = reports.reduce(0) { $0 + $1.attempts }
        var failures: [String: Int] = [:]
        for status in reports.flatMap(\.statuses) where !(200..<300).contains(status ?? 0) {
            failures[status.map(String.init) ?? "none", default: 0] += 1
        }
        self.failures = failures
    }

    var description: String { "\(delivered)/\(messages) delivered in \(attempts) attempts, failures \(failures)" }
}
