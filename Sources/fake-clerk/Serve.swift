import FakeClerk
import Foundation
import Logging

extension FakeClerkCommand {
    static func serve(_ arguments: [String], logger: Logger) async throws {
        let options = try CommandLineOptions(
            arguments,
            valued: ["--users", "--seed", "--listen", "--secret-key", "--rate-limit", "--retry-after", "--error-rate",
                     "--truncate-rate", "--latency"],
            flags: ["--reject-starting-after"])
        guard let users = try options.int("--users", range: 0...100_000_000) else {
            throw CommandLineOptions.UsageError(description: "--users is required")
        }
        var configuration = FakeClerkConfiguration(users: users)
        if let seed = options.string("--seed") {
            guard let value = UInt64(seed) else { throw CommandLineOptions.UsageError(description: "--seed must be a whole number") }
            configuration.seed = value
        }
        if let listen = options.string("--listen") {
            (configuration.host, configuration.port) = try hostAndPort(listen)
        }
        if let key = options.string("--secret-key") { configuration.secretKey = key }
        var faults = FakeClerkFaults()
        if let rate = options.string("--rate-limit") { faults.rateLimit = try rateLimit(rate) }
        faults.retryAfterSeconds = try options.int("--retry-after", range: 0...86400) ?? 1
        faults.serverErrorShare = try options.share("--error-rate") ?? 0
        faults.truncatedShare = try options.share("--truncate-rate") ?? 0
        faults.latency = try options.duration("--latency") ?? .zero
        faults.rejectStartingAfter = options.has("--reject-starting-after")
        configuration.faults = faults

        let fake = FakeClerk(configuration: configuration, logger: logger)
        _ = try await fake.start()
        // Written straight to the descriptor: scripts read this line while the server runs.
        FileHandle.standardOutput.write(Data((fake.baseURL.absoluteString + "\n").utf8))
        let signals = SignalHandler { _ in Task { await fake.shutdown() } }
        try await fake.run()
        withExtendedLifetime(signals) {}
    }

    /// `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (127.0.0.1).
    static func hostAndPort(_ text: String) throws(CommandLineOptions.UsageError) -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else {
            throw CommandLineOptions.UsageError(description: "--listen must be HOST:PORT, e.g. 127.0.0.1:8081")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    /// `N/DURATION`, e.g. `100/10s`; `N/s` means per second.
    static func rateLimit(_ text: String) throws(CommandLineOptions.UsageError) -> FakeClerkFaults.RateLimit {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        let window = parts.count == 2 ? (parts[1] == "s" ? .seconds(1) : CommandLineOptions.parseDuration(parts[1])) : nil
        guard parts.count == 2, let requests = Int(parts[0]), requests > 0, let window, window > .zero else {
            throw CommandLineOptions.UsageError(description: "--rate-limit must be N/DURATION, e.g. 100/10s")
        }
        return FakeClerkFaults.RateLimit(requests: requests, per: window)
    }
}
