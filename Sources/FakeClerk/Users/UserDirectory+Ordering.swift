/// The orderings `GET /v1/users` supports: `created_at` and `updated_at`, either direction.
enum UserOrdering: Sendable, Equatable {
    case createdAt, updatedAt
}

/// The `updated_at` ordering's parts: the base is built once (generated values never change),
/// the changes whenever the directory's version moves on.
struct UpdatedAtOrderCache {
    /// Generated user indices by generated `updated_at`, then index: 4 bytes a user.
    var base: [Int32]?
    var version = -1
    var hidden: [Int] = []
    var moved: [OrderKey] = []
}

extension UserDirectory {
    /// Where user `index` sorts now. Under `created_at` the index itself, since `created_at`
    /// grows strictly with it.
    func key(_ index: Int, _ ordering: UserOrdering) -> OrderKey {
        switch ordering {
        case .createdAt: OrderKey(primary: Int64(index), index: index)
        case .updatedAt: OrderKey(primary: updatedAt(index), index: index)
        }
    }

    /// The live users in `ordering`, ascending.
    mutating func order(_ ordering: UserOrdering) -> UserOrder {
        switch ordering {
        case .createdAt:
            return UserOrder(baseCount: totalCount, indexAt: { $0 }, keyAt: { OrderKey(primary: Int64($0), index: $0) },
                             hidden: deletedAscending, moved: [])
        case .updatedAt:
            let generator = self.generator
            let base = updatedAtBase()
            var order = UserOrder(
                baseCount: base.count, indexAt: { Int(base[$0]) },
                keyAt: { OrderKey(primary: generator.baseUpdatedAt(Int(base[$0])), index: Int(base[$0])) },
                hidden: [], moved: [])
            if updatedAtCache.version != version {
                updatedAtCache.hidden = (Array(deleted) + Array(overrides.keys))
                    .filter { $0 < generatedCount }
                    .compactMap { order.basePosition(of: OrderKey(primary: generator.baseUpdatedAt($0), index: $0)) }
                    .sorted()
                let changed = overrides.keys.filter { !deleted.contains($0) }
                    + (generatedCount..<totalCount).filter { !deleted.contains($0) && overrides[$0] == nil }
                updatedAtCache.moved = changed.map { key($0, .updatedAt) }.sorted()
                updatedAtCache.version = version
            }
            order.hidden = updatedAtCache.hidden
            order.moved = updatedAtCache.moved
            return order
        }
    }

    private mutating func updatedAtBase() -> [Int32] {
        if let base = updatedAtCache.base { return base }
        let keys = (0..<generatedCount).map { generator.baseUpdatedAt($0) }
        var base = (0..<Int32(generatedCount)).map { $0 }
        base.sort { keys[Int($0)] != keys[Int($1)] ? keys[Int($0)] < keys[Int($1)] : $0 < $1 }
        updatedAtCache.base = base
        return base
    }
}
