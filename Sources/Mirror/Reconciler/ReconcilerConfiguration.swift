/// How the reconciler pages, when it may delete, and how often it runs.
public struct ReconcilerConfiguration: Sendable {
    /// Users per `GET /v1/users` page: Clerk's maximum.
    public var pageSize = 500
    /// Pages a full pass stores side by side on PostgreSQL (SQLite has one writer).
    public var concurrentPageWrites = 2
    /// An empty mirror's first full pass loads users without the secondary indexes and
    /// builds them at the end (`DeferredIndexes`).
    public var deferIndexesWhenEmpty = true
    /// The safety valve: a full pass deletes nothing when more users than
    /// max(`deletionThresholdFraction` × users in the mirror, `deletionThresholdMinimum`)
    /// went unseen. A wrong secret key (another instance) must not empty the mirror.
    public var deletionThresholdFraction = 0.01
    public var deletionThresholdMinimum = 1000
    /// The incremental pass reads users updated since the last pass began, minus this, to
    /// cover clock skew between Clerk and this machine.
    public var incrementalMargin: Duration = .seconds(300)
    /// Incremental pages overlap by this many users, so that users deleted upstream while the
    /// pass pages by offset do not make it skip others.
    public var incrementalOverlap = 5
    /// Time between scheduled full passes; zero turns them off.
    public var fullInterval: Duration = .seconds(3600)
    /// Time between scheduled incremental passes; zero turns them off.
    public var incrementalInterval: Duration = .seconds(300)
    /// How often the scheduler looks for refresh requests and due passes.
    public var tick: Duration = .seconds(5)
    /// After a failed scheduled pass, the first wait before trying again (doubling, at most
    /// the pass's interval).
    public var retryDelay: Duration = .seconds(60)

    public init() {}

    func deletionThreshold(users: Int) -> Int {
        max(Int((Double(users) * deletionThresholdFraction).rounded(.up)), deletionThresholdMinimum)
    }
}

extension ReconcilerConfiguration {
    /// The schedule from `RECONCILE_INTERVAL` and `RECONCILE_INCREMENTAL_INTERVAL`.
    public init(settings: Settings) {
        self.init()
        fullInterval = settings.reconcileInterval
        incrementalInterval = settings.reconcileIncrementalInterval
    }
}
