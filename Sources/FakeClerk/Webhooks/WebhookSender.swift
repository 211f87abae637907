import Foundation
import Logging
import Signing
import Synchronization

/// Delivers webhook messages the way Svix does: POSTs signed with `svix-id`,
/// `svix-timestamp` and `svix-signature` (a fresh timestamp and signature per attempt, the
/// same id), over kept-alive connections; any non-2xx or connection failure is retried on
/// the configured schedule. Each connection is a blocking socket on a dedicated `Thread`.
public final class WebhookSender: Sendable {
    public let configuration: WebhookSenderConfiguration
    private let endpoint: HTTPEndpoint
    private let signer: WebhookSigner
    private let logger: Logger
    private let opened = Atomic<Int>(0)
    private let delivered = Atomic<Int>(0)

    /// Connections opened so far, across `deliver` calls (kept-alive ones are reused).
    public var connectionsOpened: Int { opened.load(ordering: .relaxed) }

    /// Messages answered 2xx so far, across `deliver` calls: progress while one runs.
    public var messagesDelivered: Int { delivered.load(ordering: .relaxed) }

    public init(configuration: WebhookSenderConfiguration, logger: Logger = .disabled) throws(WebhookSenderError) {
        guard let endpoint = HTTPEndpoint(url: configuration.url) else { throw .unsupportedURL }
        guard configuration.concurrency >= 1 else { throw .invalidConcurrency }
        do {
            signer = try WebhookSigner(secret: configuration.secret)
        } catch {
            throw .invalidSecret(error)
        }
        self.configuration = configuration
        self.endpoint = endpoint
        self.logger = logger
    }

    /// Delivers every message, retrying failures, and returns one report per message, in
    /// order, once each got a 2xx or ran out of attempts. Cancelling the task stops new
    /// attempts; what was not delivered is reported so.
    public func deliver(_ messages: [WebhookMessage]) async -> [WebhookDeliveryReport] {
        guard !messages.isEmpty else { return [] }
        let workers = min(configuration.concurrency, messages.count)
        let box = QueueBox()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[WebhookDeliveryReport], Never>) in
                let queue = DeliveryQueue(messages: messages, workers: workers, retryDelays: configuration.retryDelays) {
                    continuation.resume(returning: $0)
                }
                box.set(queue)
                for number in 0..<workers {
                    let thread = Thread { [self] in self.work(queue, messages) }
                    thread.name = "WebhookSender.\(number)"
                    thread.start()
                }
            }
        } onCancel: {
            box.cancel()
        }
    }

    /// One worker: takes messages off the queue and attempts them over its own connection.
    private func work(_ queue: DeliveryQueue, _ messages: [WebhookMessage]) {
        var connection: BlockingHTTPConnection?
        while let slot = queue.next() {
            let message = messages[slot]
            do {
                let status = try attempt(message, over: &connection)
                if (200...299).contains(status) { delivered.add(1, ordering: .relaxed) }
                queue.finish(slot, status: status, error: nil)
                if !(200...299).contains(status) {
                    logger.debug("webhook.attempt.rejected", ["message_id": message.id, "status": String(status)])
                }
            } catch {
                connection = nil
                queue.finish(slot, status: nil, error: error.description)
                logger.debug("webhook.attempt.failed", ["message_id": message.id, "error": error.description])
            }
        }
        connection?.close()
        queue.workerExited()
    }

    /// One attempt; a kept-alive connection the server closed meanwhile is replaced once.
    private func attempt(_ message: WebhookMessage, over connection: inout BlockingHTTPConnection?)
        throws(HTTPClientError) -> Int {
        while true {
            let reused = connection?.hasExchanged ?? false
            let current: BlockingHTTPConnection
            if let connection { current = connection } else {
                current = try BlockingHTTPConnection(endpoint: endpoint, timeout: configuration.attemptTimeout)
                opened.add(1, ordering: .relaxed)
                connection = current
            }
            let timestamp = Int64(Date().timeIntervalSince1970)
            var headers = [("Content-Type", "application/json"), ("User-Agent", "Svix-Webhooks/1.0 (fake-clerk)")]
            headers += signer.headers(id: message.id, timestamp: timestamp, body: message.body,
                                      names: configuration.headerNames)
            do {
                let response = try current.exchange(method: "POST", headers: headers, body: message.body)
                if !response.keepAlive {
                    current.close()
                    connection = nil
                }
                return response.status
            } catch {
                current.close()
                connection = nil
                if reused, case .closed(beforeResponse: true) = error { continue }
                throw error
            }
        }
    }
}

/// Lets the cancellation handler reach the queue made inside the continuation.
private final class QueueBox: Sendable {
    private let state = Mutex<(queue: DeliveryQueue?, cancelled: Bool)>((nil, false))

    func set(_ queue: DeliveryQueue) {
        let cancelled = state.withLock { state in
            state.queue = queue
            return state.cancelled
        }
        if cancelled { queue.cancel() }
    }

    func cancel() {
        let queue = state.withLock { state in
            state.cancelled = true
            return state.queue
        }
        queue?.cancel()
    }
}
