import Synchronization

/// Counters of the client's traffic, for the mirror's /metrics. Thread-safe.
public final class ClerkAPIMetrics: Sendable {
    public struct Snapshot: Sendable, Hashable {
        /// Responses received, by HTTP status (each attempt counts).
        public var responsesByStatus: [Int: Int] = [:]
        /// Attempts that got no HTTP answer (timeouts, refused, reset…).
        public var transportErrors = 0
        /// Attempts made after a first one failed.
        public var retries = 0

        public var totalResponses: Int { responsesByStatus.values.reduce(0, +) }
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public func snapshot() -> Snapshot { state.withLock { $0 } }

    func recordResponse(status: Int) { state.withLock { $0.responsesByStatus[status, default: 0] += 1 } }
    func recordTransportError() { state.withLock { $0.transportErrors += 1 } }
    func recordRetry() { state.withLock { $0.retries += 1 } }
}
