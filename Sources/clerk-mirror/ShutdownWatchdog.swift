import Dispatch
import Foundation
import Logging
import Synchronization

/// Bounds a graceful shutdown: armed by the first signal, it ends the process with status 1
/// if the service has not stopped by the deadline. It waits on a Dispatch queue rather than in
/// a task, so that it fires even when whatever holds the shutdown up has the cooperative pool.
final class ShutdownWatchdog: Sendable {
    private let deadline: Duration
    private let logger: Logger
    private let armed = Atomic<Bool>(false)

    init(deadline: Duration, logger: Logger) {
        self.deadline = deadline
        self.logger = logger
    }

    /// Starts the countdown; later calls do nothing.
    func arm() {
        guard armed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let (seconds, attoseconds) = deadline.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [logger] in
            logger.error("shutdown_deadline_passed", ["timeout_seconds": String(seconds)])
            exit(1)
        }
    }
}
