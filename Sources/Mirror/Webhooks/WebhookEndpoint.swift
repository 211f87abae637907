import Foundation
import HTTPServer
import Logging
import Signing
import Store

/// `POST /webhooks/clerk`: verify the Svix signature over the raw body, store the event, and
/// answer 2xx only after the commit that holds it.
public struct WebhookEndpoint: Sendable {
    public static let path = "/webhooks/clerk"
    /// Clerk's events are a few KiB; a megabyte leaves room without inviting abuse.
    public static let bodyLimit = 1 << 20

    let verifier: WebhookVerifier
    let inbox: InboxWriter
    let metrics: WebhookMetrics
    let logger: Logger
    let now: @Sendable () -> Date

    public init(verifier: WebhookVerifier, inbox: InboxWriter, metrics: WebhookMetrics, logger: Logger,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.verifier = verifier
        self.inbox = inbox
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    public func register(in router: inout Router) {
        router.add("POST", Self.path, bodyLimit: Self.bodyLimit) { request in await handle(request) }
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        let time = now()
        let verified: VerifiedDelivery
        do throws(WebhookVerificationError) {
            verified = try verifier.verify(headers: { request.headers[$0] }, body: request.body, now: time)
        } catch {
            metrics.received.increment("rejected")
            metrics.rejected.increment(Self.reason(error))
            logger.info("webhook_rejected", ["reason": Self.reason(error)])
            return Self.answer(400, ("error", error.description))
        }
        let delivery = InboundDelivery.classify(svixID: verified.id, body: request.body,
                                                receivedAt: Int64(time.timeIntervalSince1970 * 1000))
        do {
            let outcome = try await inbox.store(delivery)
            let result: String
            switch (outcome, delivery.state) {
            case (.duplicate, _): result = "duplicate"
            case (.stored, .pending): result = "stored"
            case (.stored, .ignored): result = "ignored"
            case (.stored, .dead): result = "dead_letter"
            }
            metrics.received.increment(result)
            if delivery.state == .dead {
                logger.warning("webhook_dead_letter", ["svix_id": verified.id, "reason": delivery.lastError ?? ""])
            }
            return Self.answer(200, ("result", result))
        } catch {
            metrics.received.increment("unavailable")
            logger.error("webhook_store_failed", ["svix_id": verified.id, "error": "\(error)"])
            // 503 tells Svix to retry later; nothing of this delivery was committed.
            var response = Self.answer(503, ("error", "the mirror's store is unavailable; retry later"))
            response.headers.set("Retry-After", "5")
            return response
        }
    }

    static func reason(_ error: WebhookVerificationError) -> String {
        switch error {
        case .missingHeaders: "missing_headers"
        case .invalidTimestamp: "invalid_timestamp"
        case .timestampTooOld: "timestamp_too_old"
        case .timestampTooNew: "timestamp_too_new"
        case .noMatchingSignature: "no_matching_signature"
        }
    }

    /// `{"key":"value"}`: one member is all an answer has, written without Foundation's
    /// serializer, which cost more than the rest of a delivery's handling.
    static func answer(_ status: Int, _ field: (key: String, value: String)) -> HTTPResponse {
        var body: [UInt8] = [UInt8(ascii: "{")]
        JSONText.appendString(field.key, to: &body)
        body.append(UInt8(ascii: ":"))
        JSONText.appendString(field.value, to: &body)
        body.append(UInt8(ascii: "}"))
        return .json(status, body)
    }
}
