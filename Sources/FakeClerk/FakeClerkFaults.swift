/// Misbehaviour to inject, settable at any time through `FakeClerk.faults`. Faults are
/// decided in this order: latency, persistent outage, authentication (401 is never masked by
/// a later fault), rate limit, random server errors, truncation of a 200.
public struct FakeClerkFaults: Sendable, Equatable {
    /// At most `requests` authenticated requests per `per`, in fixed windows starting at the
    /// first request of each; beyond it: 429, `Retry-After`, Clerk's `too_many_requests`.
    public struct RateLimit: Sendable, Equatable {
        public var requests: Int
        public var per: Duration

        public init(requests: Int, per: Duration) {
            precondition(requests > 0 && per > .zero, "a rate limit needs requests > 0 and a positive window")
            self.requests = requests
            self.per = per
        }
    }

    public var rateLimit: RateLimit?
    /// The whole seconds a 429's `Retry-After` says (Clerk sends an integer).
    public var retryAfterSeconds: Int
    /// Share of requests, 0...1, that answer 500, 502 or 503 (drawn from a generator seeded
    /// with the configuration's seed, so a run repeats).
    public var serverErrorShare: Double
    /// Every request with this number or a later one answers 500 (numbers start at 1).
    public var failFromRequest: Int?
    /// Waited before answering.
    public var latency: Duration
    /// Share of requests, 0...1, that wait `slowLatency` more before answering: long enough,
    /// set beyond the client's timeout, to look like a Backend API that hangs.
    public var slowShare: Double
    public var slowLatency: Duration
    /// Share of 200 answers, 0...1, whose JSON body is cut in half (Content-Length matches
    /// the cut body, as when a proxy drops the rest).
    public var truncatedShare: Double
    /// 422 on any `starting_after`, as a server from before the cursor existed, so that
    /// clients fall back to `offset`.
    public var rejectStartingAfter: Bool

    public init(rateLimit: RateLimit? = nil, retryAfterSeconds: Int = 1, serverErrorShare: Double = 0,
                failFromRequest: Int? = nil, latency: Duration = .zero, slowShare: Double = 0,
                slowLatency: Duration = .seconds(5), truncatedShare: Double = 0, rejectStartingAfter: Bool = false) {
        self.rateLimit = rateLimit
        self.retryAfterSeconds = retryAfterSeconds
        self.serverErrorShare = serverErrorShare
        self.failFromRequest = failFromRequest
        self.latency = latency
        self.slowShare = slowShare
        self.slowLatency = slowLatency
        self.truncatedShare = truncatedShare
        self.rejectStartingAfter = rejectStartingAfter
    }
}
