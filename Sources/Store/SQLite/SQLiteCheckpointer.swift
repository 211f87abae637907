import CSQLite
import Dispatch
import Synchronization

/// Copies the WAL back into the database file on a connection and a thread of its own, so
/// the writer's commits never wait for a checkpoint.
///
/// By default the connection that commits past 1,000 WAL pages runs the checkpoint inside
/// that commit: every few thousand rows one write (a webhook answer, say) waits while several
/// megabytes are copied and fsynced. A passive checkpoint from another connection runs beside
/// the writer instead (https://sqlite.org/wal.html#checkpointing); the writer restarts the WAL
/// once a checkpoint has copied all of it. If checkpoints cannot keep up (a long reader holds
/// old pages), the writer checkpoints inline past `backstopPages`, as SQLite would.
final class SQLiteCheckpointer: Sendable {
    /// WAL pages after which a background checkpoint is started (SQLite's own default).
    static let thresholdPages: Int32 = 1_000
    /// WAL pages after which the writer checkpoints itself.
    static let backstopPages: Int32 = 10_000

    /// Owned by `queue`.
    private final class Handle: @unchecked Sendable {
        var connection: SQLiteConnection?
    }

    private let path: String
    private let queue: DispatchQueue
    private let handle = Handle()
    private let scheduled = Atomic<Bool>(false)
    private let finished = Atomic<Int>(0)

    init(path: String) {
        self.path = path
        queue = DispatchQueue(label: "sqlite.checkpoint")
    }

    /// Checkpoints that have run to completion or found nothing to do; for tests.
    var checkpointsRun: Int { finished.load(ordering: .acquiring) }

    /// Called by the writer's WAL hook after each commit, on the writer's queue.
    /// - Returns: true when the writer should checkpoint inline (the backstop).
    func walGrew(to pages: Int32) -> Bool {
        if pages >= Self.backstopPages { return true }
        guard pages >= Self.thresholdPages,
              scheduled.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return false }
        queue.async { [self] in
            defer { scheduled.store(false, ordering: .releasing) }
            // A failed open or checkpoint is retried on the next commit past the threshold;
            // the backstop bounds the WAL meanwhile.
            if handle.connection == nil { handle.connection = try? SQLiteConnection(path: path, busyTimeoutMilliseconds: 0) }
            if let connection = handle.connection, connection.checkpointPassive() {
                finished.add(1, ordering: .releasing)
            }
        }
        return false
    }

    /// Waits for a checkpoint in progress and closes the connection.
    func close() {
        queue.sync { handle.connection = nil }
    }
}
