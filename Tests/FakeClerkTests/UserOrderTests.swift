@testable import FakeClerk
import Testing

/// The rank arithmetic of `UserOrder` against a plain sort of every live user.
@Suite("User orderings")
struct UserOrderTests {
    @Test(arguments: [UserOrdering.createdAt, .updatedAt])
    func pagesMatchAFullSortAfterRandomChanges(ordering: UserOrdering) {
        var directory = UserDirectory(generator: UserGenerator(seed: 11), count: 300)
        var random = SplitMix64(state: 99)
        var now: Int64 = 1_700_000_000_000
        for round in 0..<6 {
            for _ in 0..<25 {
                now += Int64(random.below(5000))
                let index = random.below(directory.totalCount)
                switch random.below(3) {
                case 0: _ = directory.update(index, now: now)
                case 1: _ = directory.delete(index)
                default: _ = directory.create(now: now)
                }
            }
            let expected = (0..<directory.totalCount).filter { directory.isLive($0) }
                .map { directory.key($0, ordering) }.sorted().map(\.index)
            let order = directory.order(ordering)
            #expect(order.liveCount == expected.count)
            for start in stride(from: 0, to: expected.count + 3, by: 7 + round) {
                let page = order.indices(fromRank: start, count: 13)
                #expect(page == Array(expected.dropFirst(start).prefix(13)), "start \(start)")
            }
            // Counting below a key matches too, for live and deleted users alike.
            for index in stride(from: 0, to: directory.totalCount, by: 5) {
                let key = directory.key(index, ordering)
                let below = expected.filter { directory.key($0, ordering) < key }.count
                #expect(order.countLive(before: key, inclusive: false) == below)
                #expect(order.countLive(before: key, inclusive: true) == below + (directory.isLive(index) ? 1 : 0))
            }
            let excluded = Array(expected.shuffled(using: &random).prefix(5))
            let without = order.excluding(excluded.map { directory.key($0, ordering) })
            #expect(without.indices(fromRank: 0, count: 1000) == expected.filter { !excluded.contains($0) })
        }
    }
}
