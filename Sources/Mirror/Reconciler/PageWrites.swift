/// The page writes of a full pass that are under way, oldest first. On PostgreSQL two pages
/// (disjoint sets of users) are stored side by side, so the server works on both cores while
/// the pass waits on neither; SQLite has one writer, so there one is under way at a time.
struct PageWrites {
    let limit: Int
    private var running: [Task<PageResult, any Error>] = []

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Nil at once while another write may start; otherwise waits for the oldest write and
    /// returns its result.
    mutating func waitForRoom() async throws -> PageResult? {
        guard running.count >= limit else { return nil }
        return try await next()
    }

    mutating func start(_ write: Task<PageResult, any Error>) {
        running.append(write)
    }

    /// The oldest write's result once it has committed; nil when none is under way.
    mutating func next() async throws -> PageResult? {
        guard !running.isEmpty else { return nil }
        return try await running.removeFirst().value
    }

    /// Waits for every write still under way (after a failure); returns those that committed.
    mutating func settle() async -> [PageResult] {
        var committed: [PageResult] = []
        while !running.isEmpty {
            if let result = try? await running.removeFirst().value { committed.append(result) }
        }
        return committed
    }
}
