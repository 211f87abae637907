import Foundation
import Signing

/// Where and how `WebhookSender` delivers, and how it retries.
public struct WebhookSenderConfiguration: Sendable {
    /// Svix's schedule (docs.svix.com/retries, PROTOCOL.md §5.2): after the first attempt,
    /// retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after each failure; 8 attempts.
    public static let svixRetryDelays: [Duration] = [
        .seconds(5), .seconds(300), .seconds(1800), .seconds(7200), .seconds(18000), .seconds(36000), .seconds(36000),
    ]

    /// An `http://` URL, e.g. `http://127.0.0.1:8080/webhooks/clerk`.
    public var url: URL
    /// `whsec_…` (or the base64 alone), as the receiver's `WebhookVerifier` is given it.
    public var secret: String
    /// The waits before the second, third… attempt; its length is the number of retries.
    /// Tests pass a compressed schedule, e.g. `[.milliseconds(20), .milliseconds(40)]`.
    public var retryDelays: [Duration]
    /// Connections (and threads) delivering at once.
    public var concurrency: Int
    /// An attempt with no complete answer by then fails (Svix allows 15 s); bounds the
    /// connect and each send or receive.
    public var attemptTimeout: Duration
    public var headerNames: WebhookHeaderNames

    public init(url: URL, secret: String, retryDelays: [Duration] = WebhookSenderConfiguration.svixRetryDelays,
                concurrency: Int = 4, attemptTimeout: Duration = .seconds(15), headerNames: WebhookHeaderNames = .svix) {
        self.url = url
        self.secret = secret
        self.retryDelays = retryDelays
        self.concurrency = concurrency
        self.attemptTimeout = attemptTimeout
        self.headerNames = headerNames
    }
}

/// What became of one message.
public struct WebhookDeliveryReport: Sendable {
    public var messageID: String
    public var eventType: String
    /// The HTTP status of each attempt, in order; nil where no answer came (connection
    /// refused, reset, timed out).
    public var statuses: [Int?]
    /// When the 2xx arrived; nil if it never did.
    public var deliveredAt: ContinuousClock.Instant?
    /// Why the last failed attempt failed, when it got no HTTP answer.
    public var lastError: String?

    public var attempts: Int { statuses.count }
    public var delivered: Bool { deliveredAt != nil }
}

/// Why a `WebhookSender` cannot be made.
public enum WebhookSenderError: Error, Sendable, CustomStringConvertible {
    case unsupportedURL
    case invalidSecret(WebhookSecretError)
    case invalidConcurrency

    public var description: String {
        switch self {
        case .unsupportedURL: "webhook URL must be http://host[:port]/path"
        case .invalidSecret(let error): "webhook secret: \(error)"
        case .invalidConcurrency: "concurrency must be at least 1"
        }
    }
}
