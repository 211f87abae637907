@testable import FakeClerk
import Foundation
import HTTPServer
import Signing
import Testing

@Suite("Webhook sender")
struct WebhookSenderTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// A receiver that checks every signature and answers 503 to the first `failures`
    /// attempts of each message, then 200.
    final class Receiver: Sendable {
        struct Attempt: Sendable {
            var messageID: String?
            var verified: Bool
            var timestamp: String?
            var body: [UInt8]
        }

        let attempts = Recorder<Attempt>()
        let server: HTTPServer
        let port: Int

        init(failures: Int, idleTimeout: Duration = .seconds(60)) async throws {
            let verifier = try WebhookVerifier(secret: WebhookSenderTests.secret)
            let attempts = attempts
            var router = Router()
            router.add("POST", "/webhooks/clerk") { request in
                let verified = (try? verifier.verify(headers: { request.headers[$0] }, body: request.body, now: Date())) != nil
                let id = request.headers["svix-id"]
                // Attempts of one message never overlap: the count after appending is this one's number.
                attempts.append(Attempt(messageID: id, verified: verified, timestamp: request.headers["svix-timestamp"],
                                        body: request.body))
                let seen = attempts.all.filter { $0.messageID == id }.count
                return HTTPResponse(status: seen <= failures ? 503 : 200)
            }
            server = HTTPServer(configuration: HTTPServerConfiguration(port: 0, idleTimeout: idleTimeout), router: router)
            port = try await server.start()
        }

        var url: URL { URL(string: "http://127.0.0.1:\(port)/webhooks/clerk")! }
    }

    func messages(_ count: Int) -> [WebhookMessage] {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: count, seed: 8))
        return fake.liveUserIDs().enumerated().compactMap { fake.webhookMessage(.userCreated, objectID: $1, number: $0 + 1) }
    }

    @Test func signsEveryAttemptAndRetries503UntilA2xx() async throws {
        let receiver = try await Receiver(failures: 2)
        let sent = messages(12)
        let sender = try WebhookSender(configuration: WebhookSenderConfiguration(
            url: receiver.url, secret: Self.secret, retryDelays: [.milliseconds(10), .milliseconds(20), .milliseconds(30)],
            concurrency: 3))
        let started = ContinuousClock.now
        let reports = await sender.deliver(sent)
        await receiver.server.shutdown()

        #expect(reports.map(\.messageID) == sent.map(\.id))
        #expect((1...3).contains(sender.connectionsOpened), "36 attempts over at most one kept-alive connection per worker")
        for report in reports {
            #expect(report.delivered)
            #expect(report.statuses == [503, 503, 200])
            #expect(report.deliveredAt.map { $0 > started } == true)
        }
        let attempts = receiver.attempts.all
        #expect(attempts.count == 36)
        #expect(attempts.allSatisfy { $0.verified })
        for message in sent {
            let mine = attempts.filter { $0.messageID == message.id }
            #expect(mine.count == 3 && mine.allSatisfy { $0.body == message.body })
        }
    }

    @Test func replacesAKeptAliveConnectionTheServerClosed() async throws {
        // The receiver drops idle connections after 50 ms; the retry comes 400 ms later.
        let receiver = try await Receiver(failures: 1, idleTimeout: .milliseconds(50))
        let sender = try WebhookSender(configuration: WebhookSenderConfiguration(
            url: receiver.url, secret: Self.secret, retryDelays: [.milliseconds(400)], concurrency: 1))
        let reports = await sender.deliver(messages(1))
        await receiver.server.shutdown()
        #expect(reports.first?.statuses == [503, 200])
        #expect(sender.connectionsOpened == 2)
    }

    @Test func givesUpAfterTheLastRetry() async throws {
        let receiver = try await Receiver(failures: 100)
        let sender = try WebhookSender(configuration: WebhookSenderConfiguration(
            url: receiver.url, secret: Self.secret, retryDelays: [.milliseconds(5), .milliseconds(5)], concurrency: 2))
        let reports = await sender.deliver(messages(3))
        await receiver.server.shutdown()
        #expect(reports.allSatisfy { !$0.delivered && $0.statuses == [503, 503, 503] && $0.lastError == "HTTP 503" })
    }

    @Test func retriesWhenNothingListens() async throws {
        let receiver = try await Receiver(failures: 0)
        let url = receiver.url
        await receiver.server.shutdown()
        let sender = try WebhookSender(configuration: WebhookSenderConfiguration(
            url: url, secret: Self.secret, retryDelays: [.milliseconds(5)], concurrency: 1, attemptTimeout: .seconds(2)))
        let reports = await sender.deliver(messages(2))
        #expect(reports.allSatisfy { !$0.delivered && $0.statuses == [nil, nil] && $0.lastError != nil })
    }

    @Test func refusesBadConfiguration() throws {
        let url = URL(string: "http://127.0.0.1:1/x")!
        #expect(throws: WebhookSenderError.self) {
            try WebhookSender(configuration: WebhookSenderConfiguration(url: URL(string: "https://example.com/x")!,
                                                                        secret: Self.secret))
        }
        #expect(throws: WebhookSenderError.self) {
            try WebhookSender(configuration: WebhookSenderConfiguration(url: url, secret: "whsec_"))
        }
        #expect(throws: WebhookSenderError.self) {
            try WebhookSender(configuration: WebhookSenderConfiguration(url: url, secret: Self.secret, concurrency: 0))
        }
    }
}
