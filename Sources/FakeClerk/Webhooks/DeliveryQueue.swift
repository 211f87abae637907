import Foundation

/// The shared schedule of one `WebhookSender.deliver` call: messages waiting for a first
/// attempt, retries waiting for their time, and the reports. Worker threads block in `next()`
/// on a condition variable (they are dedicated threads, never the cooperative pool).
/// Unchecked: every field is read and written under `condition`.
final class DeliveryQueue: @unchecked Sendable {
    private struct Retry {
        var due: ContinuousClock.Instant
        var slot: Int
    }

    private let condition = NSCondition()
    private var firstAttempts: [Int]
    private var nextFirst = 0
    /// Retries by due time, latest first, so the earliest is `last`.
    private var retries: [Retry] = []
    private var inFlight = 0
    private var cancelled = false
    private var workers: Int
    private(set) var reports: [WebhookDeliveryReport]
    private let retryDelays: [Duration]
    private let onFinished: @Sendable ([WebhookDeliveryReport]) -> Void

    init(messages: [WebhookMessage], workers: Int, retryDelays: [Duration],
         onFinished: @escaping @Sendable ([WebhookDeliveryReport]) -> Void) {
        self.firstAttempts = Array(messages.indices)
        self.workers = workers
        self.retryDelays = retryDelays
        self.onFinished = onFinished
        self.reports = messages.map {
            WebhookDeliveryReport(messageID: $0.id, eventType: $0.eventType, statuses: [], deliveredAt: nil, lastError: nil)
        }
    }

    /// The next message to attempt, waiting for a retry to fall due; nil when nothing is left
    /// (or the run was cancelled).
    func next() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled {
            let now = ContinuousClock.now
            if let retry = retries.last, retry.due <= now {
                retries.removeLast()
                inFlight += 1
                return retry.slot
            }
            if nextFirst < firstAttempts.count {
                nextFirst += 1
                inFlight += 1
                return firstAttempts[nextFirst - 1]
            }
            if let retry = retries.last {
                let wait = retry.due - now
                let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
            } else if inFlight > 0 {
                // A message in flight may fail and come back as a retry.
                condition.wait()
            } else {
                return nil
            }
        }
        return nil
    }

    /// Records an attempt: the status (nil for no answer) and, if it failed, why.
    func finish(_ slot: Int, status: Int?, error: String?) {
        condition.lock()
        defer { condition.unlock() }
        inFlight -= 1
        reports[slot].statuses.append(status)
        if let status, (200...299).contains(status) {
            reports[slot].deliveredAt = .now
            reports[slot].lastError = nil
        } else {
            reports[slot].lastError = error ?? status.map { "HTTP \($0)" }
            let attempt = reports[slot].statuses.count
            if attempt <= retryDelays.count {
                let retry = Retry(due: .now + retryDelays[attempt - 1], slot: slot)
                let place = UserOrder.partition(retries.count) { retries[$0].due > retry.due }
                retries.insert(retry, at: place)
            }
        }
        condition.broadcast()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// Called by each worker as it stops; the last one hands the reports over.
    func workerExited() {
        condition.lock()
        workers -= 1
        let last = workers == 0
        let reports = self.reports
        condition.broadcast()
        condition.unlock()
        if last { onFinished(reports) }
    }
}
