import Logging
import Store
import Synchronization

/// One pass at a time: in this process always, and across processes on PostgreSQL with a
/// session advisory lock held on a connection of its own for the length of the pass.
final class ReconcileLock: Sendable {
    /// "clerkmir" in ASCII: the advisory lock key every clerk-mirror process agrees on.
    static let advisoryKey: Int64 = 0x636c_6572_6b6d_6972

    private let location: DatabaseLocation
    private let held = Mutex<(any Database)??>(nil)

    init(location: DatabaseLocation) {
        self.location = location
    }

    /// True when this caller now holds the lock; false when someone else does.
    func tryAcquire() async throws -> Bool {
        let claimed = held.withLock { state -> Bool in
            guard state == nil else { return false }
            state = .some(nil)
            return true
        }
        guard claimed else { return false }
        guard case .postgres = location else { return true }
        do {
            let connection = try location.open(poolSize: 1)
            let locked = try await connection.write { connection in
                try connection.queryOne("SELECT pg_try_advisory_lock($1) AS locked", [.integer(Self.advisoryKey)])?["locked"].bool ?? false
            }
            guard locked else {
                await connection.close()
                held.withLock { $0 = nil }
                return false
            }
            held.withLock { $0 = .some(connection) }
            return true
        } catch {
            held.withLock { $0 = nil }
            throw error
        }
    }

    func release() async {
        let connection = held.withLock { state -> (any Database)? in
            defer { state = nil }
            return state ?? nil
        }
        // Closing the session releases its advisory locks.
        await connection?.close()
    }
}
