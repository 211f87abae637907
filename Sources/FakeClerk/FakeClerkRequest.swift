/// One request the fake answered, as tests inspect it.
public struct FakeClerkRequest: Sendable {
    /// 1 for the first request the server received.
    public var number: Int
    public var method: String
    /// Percent-decoded path, e.g. `/v1/users`.
    public var path: String
    /// The raw query, without `?`; empty when there was none.
    public var query: String
    public var status: Int
    /// When the request reached the handler (before any injected latency).
    public var receivedAt: ContinuousClock.Instant
}
