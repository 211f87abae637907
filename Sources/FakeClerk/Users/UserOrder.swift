/// Where a user sorts: the ordering's value, ties broken by index (ids are unique, so Clerk's
/// orderings are total too).
struct OrderKey: Comparable, Sendable {
    var primary: Int64
    var index: Int

    static func < (lhs: OrderKey, rhs: OrderKey) -> Bool {
        lhs.primary != rhs.primary ? lhs.primary < rhs.primary : lhs.index < rhs.index
    }
}

/// The live users in one ordering, ascending, without materialising them: a large immutable
/// base sequence (every user by index, or every generated user by its generated
/// `updated_at`), minus the few `hidden` base positions (deleted, or moved elsewhere), plus
/// the few `moved` users that sort by a changed key. Finding rank r costs O(log n + changes),
/// and a page is then a merge walk, so a deep page costs what the first one does.
struct UserOrder {
    let baseCount: Int
    let indexAt: (Int) -> Int
    let keyAt: (Int) -> OrderKey
    /// Base positions that are not live, ascending.
    var hidden: [Int]
    /// Live users outside the base, ascending.
    var moved: [OrderKey]

    var liveCount: Int { baseCount - hidden.count + moved.count }

    /// How many live users sort before `key` (and at it, when `inclusive`).
    func countLive(before key: OrderKey, inclusive: Bool) -> Int {
        let position = basePartition { inclusive ? $0 <= key : $0 < key }
        let movedCount = Self.partition(moved.count) { inclusive ? moved[$0] <= key : moved[$0] < key }
        return position - hiddenCount(before: position) + movedCount
    }

    /// The user indices at ascending ranks `start..<start+count` (fewer at the end).
    func indices(fromRank start: Int, count: Int) -> [Int] {
        guard start >= 0, start < liveCount, count > 0 else { return [] }
        // How many moved users rank before `start`: their ranks grow with their position.
        let movedBefore = Self.partition(moved.count) { j in
            let position = basePartition { $0 < moved[j] }
            return position - hiddenCount(before: position) + j < start
        }
        var position = start - movedBefore
        for hiddenPosition in hidden {
            if hiddenPosition <= position { position += 1 } else { break }
        }
        var nextHidden = Self.partition(hidden.count) { hidden[$0] < position }
        var nextMoved = movedBefore
        var result: [Int] = []
        result.reserveCapacity(min(count, liveCount - start))
        while result.count < count {
            while nextHidden < hidden.count, hidden[nextHidden] == position {
                position += 1
                nextHidden += 1
            }
            let baseKey = position < baseCount ? keyAt(position) : nil
            let movedKey = nextMoved < moved.count ? moved[nextMoved] : nil
            if let baseKey, movedKey.map({ baseKey < $0 }) ?? true {
                result.append(indexAt(position))
                position += 1
            } else if let movedKey {
                result.append(movedKey.index)
                nextMoved += 1
            } else {
                break
            }
        }
        return result
    }

    /// The base position holding `key`, if any.
    func basePosition(of key: OrderKey) -> Int? {
        let position = basePartition { $0 < key }
        return position < baseCount && keyAt(position) == key ? position : nil
    }

    /// A copy without the given users (the `-user_...` exclusions of a list request).
    func excluding(_ keys: [OrderKey]) -> UserOrder {
        var copy = self
        for key in keys {
            if let found = copy.moved.firstIndex(of: key) {
                copy.moved.remove(at: found)
            } else if let position = basePosition(of: key) {
                let slot = Self.partition(copy.hidden.count) { copy.hidden[$0] < position }
                if slot == copy.hidden.count || copy.hidden[slot] != position { copy.hidden.insert(position, at: slot) }
            }
        }
        return copy
    }

    private func hiddenCount(before position: Int) -> Int {
        Self.partition(hidden.count) { hidden[$0] < position }
    }

    /// The number of leading base positions whose key satisfies `belongs` (a prefix predicate).
    private func basePartition(_ belongs: (OrderKey) -> Bool) -> Int {
        Self.partition(baseCount) { belongs(keyAt($0)) }
    }

    /// The first index in `0..<count` where the prefix predicate `belongs` turns false.
    static func partition(_ count: Int, _ belongs: (Int) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(middle) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
