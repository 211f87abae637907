/// What a `FakeClerk` serves and where. The users are a pure function of `(seed, index)`.
public struct FakeClerkConfiguration: Sendable {
    /// How many users exist at start; created lazily, so a million cost little.
    public var users: Int
    public var seed: UInt64
    /// The one key `Authorization: Bearer …` must carry.
    public var secretKey: String
    /// Numeric address to listen on; "localhost" means 127.0.0.1.
    public var host: String
    /// 0 picks a free port; `start()` returns the bound one.
    public var port: Int
    /// Faults in force from the first request; `FakeClerk.faults` changes them later.
    public var faults: FakeClerkFaults

    public init(users: Int, seed: UInt64 = 1, secretKey: String = "sk_test_fake", host: String = "127.0.0.1",
                port: Int = 0, faults: FakeClerkFaults = FakeClerkFaults()) {
        precondition((0...100_000_000).contains(users), "users must be between 0 and 100,000,000")
        self.users = users
        self.seed = seed
        self.secretKey = secretKey
        self.host = host
        self.port = port
        self.faults = faults
    }
}
