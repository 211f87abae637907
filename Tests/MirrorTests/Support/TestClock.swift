import Foundation
import Synchronization

/// A clock tests can set, handed to components as `now`.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ date: Date = Date()) {
        current = Mutex(date)
    }

    var now: @Sendable () -> Date { { self.current.withLock { $0 } } }

    func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
