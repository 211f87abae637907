/// The users of the fake instance as they are now: the generated ones, minus deletions, plus
/// `createUser`s, with the few that were updated. Only the changes are stored, so a million
/// untouched users cost a few bytes; lives behind `FakeClerk`'s lock.
struct UserDirectory {
    struct Override {
        var revision: Int
        var updatedAt: Int64
    }

    /// What a user's JSON is made from; taken under the lock, turned into bytes outside it.
    struct Snapshot: Sendable {
        var index: Int
        var createdAt: Int64
        var updatedAt: Int64
        var revision: Int
    }

    let generator: UserGenerator
    let generatedCount: Int
    /// `created_at` of the users made by `create`, index `generatedCount + k`.
    private(set) var created: [Int64] = []
    private(set) var overrides: [Int: Override] = [:]
    private(set) var deleted: Set<Int> = []
    /// `deleted`, ascending: the hidden positions of the `created_at` orderings.
    private(set) var deletedAscending: [Int] = []
    /// The last timestamp a change was stamped with; each change gets a later one.
    private var lastStamp: Int64 = 0
    /// Bumped by every change; caches of derived orderings compare it.
    private(set) var version = 0
    var updatedAtCache = UpdatedAtOrderCache()

    init(generator: UserGenerator, count: Int) {
        self.generator = generator
        self.generatedCount = count
    }

    var totalCount: Int { generatedCount + created.count }
    var liveCount: Int { totalCount - deleted.count }

    func isLive(_ index: Int) -> Bool {
        index >= 0 && index < totalCount && !deleted.contains(index)
    }

    func createdAt(_ index: Int) -> Int64 {
        index < generatedCount ? generator.baseCreatedAt(index) : created[index - generatedCount]
    }

    func updatedAt(_ index: Int) -> Int64 {
        overrides[index]?.updatedAt ?? originalUpdatedAt(index)
    }

    /// `updated_at` as generated (or created), before any `update`.
    func originalUpdatedAt(_ index: Int) -> Int64 {
        index < generatedCount ? generator.baseUpdatedAt(index) : created[index - generatedCount]
    }

    func snapshot(_ index: Int) -> Snapshot {
        Snapshot(index: index, createdAt: createdAt(index), updatedAt: updatedAt(index),
                 revision: overrides[index]?.revision ?? 0)
    }

    func id(_ index: Int) -> String {
        generator.userID(index: index, createdAt: createdAt(index))
    }

    /// The index of a user this instance has or had (deleted users included), from its id.
    func index(ofUserID id: some StringProtocol) -> Int? {
        guard let (index, seconds) = generator.decodeUserID(id), index < totalCount,
              seconds == ClerkID.seconds(forMilliseconds: createdAt(index)) else { return nil }
        return index
    }

    /// The live user with this email address (ASCII case ignored), found through the index
    /// every generated address ends its local part with.
    func index(ofEmailAddress address: String) -> Int? {
        let lowered = address.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return nil }
        let digits = lowered[..<at].reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count < 10, let index = Int(String(digits.reversed())),
              isLive(index) else { return nil }
        let profile = generator.profile(index: index, createdAt: createdAt(index), updatedAt: updatedAt(index),
                                        revision: 0)
        return profile.emailAddresses.contains { $0.address == lowered } ? index : nil
    }

    // MARK: Changes

    /// Adds a user created now; returns its index.
    mutating func create(now: Int64) -> Int {
        let previous = totalCount > 0 ? createdAt(totalCount - 1) : 0
        let stamp = nextStamp(now: now, after: previous)
        created.append(stamp)
        version += 1
        return totalCount - 1
    }

    /// Renames the user and stamps `updated_at` later than anything before. False if not live.
    mutating func update(_ index: Int, now: Int64) -> Bool {
        guard isLive(index) else { return false }
        let stamp = nextStamp(now: now, after: updatedAt(index))
        overrides[index] = Override(revision: (overrides[index]?.revision ?? 0) + 1, updatedAt: stamp)
        version += 1
        return true
    }

    /// False if not live.
    mutating func delete(_ index: Int) -> Bool {
        guard isLive(index) else { return false }
        deleted.insert(index)
        let slot = UserOrder.partition(deletedAscending.count) { deletedAscending[$0] < index }
        deletedAscending.insert(index, at: slot)
        overrides[index] = nil
        version += 1
        return true
    }

    /// Now, unless that would not be strictly after `after` and every earlier stamp.
    private mutating func nextStamp(now: Int64, after: Int64) -> Int64 {
        lastStamp = max(now, after + 1, lastStamp + 1)
        return lastStamp
    }
}
