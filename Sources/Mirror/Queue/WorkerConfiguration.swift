/// How the inbox worker claims, applies and retries events. Defaults suit production.
public struct WorkerConfiguration: Sendable {
    /// Events claimed and applied in one transaction.
    public var batchSize = 200
    /// The batch while webhooks are arriving: on SQLite a batch holds the one writer their
    /// commits need, so it is kept to a few milliseconds then.
    public var busyBatchSize = 32
    /// Deliveries per second above which the workers give way to the webhook receiver (about
    /// where, on SQLite, applying as they come starts to slow their commits).
    public var burstRate = 2_000.0
    /// During a burst one worker still applies a batch this often: a long burst delays
    /// applying, never stops it.
    public var maximumDeferral: Duration = .milliseconds(250)
    /// Attempts before an event becomes a dead letter.
    public var maxAttempts = 8
    /// First retry delay; each later one doubles, up to `maximumBackoff`, with jitter.
    public var baseBackoff: Duration = .seconds(1)
    public var maximumBackoff: Duration = .seconds(3600)
    /// How long a claim holds on PostgreSQL before another worker may take the rows over.
    public var lease: Duration = .seconds(30)
    /// The longest sleep between looks at the inbox when nothing wakes the worker
    /// (retries fall due without a wake-up).
    public var idleWait: Duration = .seconds(5)
    /// Done and ignored rows older than this are pruned; duplicates are caught within it.
    public var retention: Duration = .seconds(7 * 86_400)
    /// How often pruning runs.
    public var pruneEvery: Duration = .seconds(600)

    public init() {}

    /// The delay before attempt `attempt + 1`, after `attempt` failures (1-based): exponential,
    /// with "equal jitter" so retries of a burst spread out but never come immediately.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let base = Double(baseBackoff.components.seconds) + Double(baseBackoff.components.attoseconds) / 1e18
        let cap = Double(maximumBackoff.components.seconds)
        let exponential = min(cap, base * pow2(attempt - 1))
        return .milliseconds(Int64((exponential / 2 + Double.random(in: 0...(exponential / 2))) * 1000))
    }

    private func pow2(_ exponent: Int) -> Double {
        exponent <= 0 ? 1 : Double(1 << min(exponent, 40))
    }
}
