import FakeClerk
import Foundation
import Logging

extension FakeClerkCommand {
    static func sendWebhooks(_ arguments: [String], logger: Logger) async throws {
        let options = try CommandLineOptions(
            arguments,
            valued: ["--url", "--secret", "--users", "--events", "--seed", "--concurrency", "--retry-delays", "--timeout"])
        guard let url = URL(string: try options.required("--url")) else {
            throw CommandLineOptions.UsageError(description: "--url is not a URL")
        }
        let secret = try options.required("--secret")
        guard let users = try options.int("--users", range: 1...100_000_000),
              let events = try options.int("--events", range: 0...10_000_000) else {
            throw CommandLineOptions.UsageError(description: "--users and --events are required")
        }
        var seed: UInt64 = 1
        if let text = options.string("--seed") {
            guard let value = UInt64(text) else { throw CommandLineOptions.UsageError(description: "--seed must be a whole number") }
            seed = value
        }
        var configuration = WebhookSenderConfiguration(url: url, secret: secret)
        configuration.concurrency = try options.int("--concurrency", range: 1...256) ?? 4
        configuration.attemptTimeout = try options.duration("--timeout") ?? .seconds(15)
        if let delays = options.string("--retry-delays") {
            configuration.retryDelays = try delays.split(separator: ",").map { (text) throws(CommandLineOptions.UsageError) in
                guard let delay = CommandLineOptions.parseDuration(String(text)) else {
                    throw CommandLineOptions.UsageError(description: "--retry-delays must be durations separated by commas")
                }
                return delay
            }
        }
        let sender = try WebhookSender(configuration: configuration, logger: logger)

        // The same users `fake-clerk serve --users N --seed S` serves; updates happen here only.
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: users, seed: seed))
        let ids = fake.liveUserIDs()
        var messages: [WebhookMessage] = []
        messages.reserveCapacity(events)
        for number in 0..<events {
            let id = ids[number % ids.count]
            let type: ClerkWebhookEventType = number < ids.count ? .userCreated : .userUpdated
            if type == .userUpdated { fake.updateUser(id: id) }
            if let message = fake.webhookMessage(type, objectID: id, number: number + 1) { messages.append(message) }
        }
        let started = ContinuousClock.now
        let reports = await sender.deliver(messages)
        let elapsed = ContinuousClock.now - started
        let delivered = reports.filter(\.delivered).count
        let attempts = reports.reduce(0) { $0 + $1.attempts }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("sent \(reports.count) events: \(delivered) got a 2xx, \(reports.count - delivered) failed; "
              + "\(attempts) attempts in \(String(format: "%.2f", seconds)) s "
              + "(\(String(format: "%.0f", Double(delivered) / max(seconds, 0.001))) deliveries/s)")
        if let failure = reports.first(where: { !$0.delivered }) {
            print("first failure: \(failure.messageID): \(failure.lastError ?? "no 2xx")")
            exit(1)
        }
    }
}
