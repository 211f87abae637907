import Foundation
import Logging

/// The reconciler's schedule inside `serve`: a full pass at start when the mirror is empty or
/// the last complete one is older than the interval, then full and incremental passes on
/// their intervals, and queued refresh requests as they come. A failed pass is retried after
/// a growing delay, never in a tight loop against the Backend API.
public final class ReconcileScheduler: Sendable {
    let reconciler: Reconciler
    let logger: Logger

    public init(reconciler: Reconciler, logger: Logger) {
        self.reconciler = reconciler
        self.logger = logger
    }

    /// Runs until the task is cancelled.
    public func run() async {
        let configuration = reconciler.configuration
        var failures: [SyncRun.Kind: Int] = [:]
        var notBefore: [SyncRun.Kind: Date] = [:]
        var trigger = "startup"
        while !Task.isCancelled {
            if let kind = await duePass(failures: failures, notBefore: notBefore) {
                do {
                    let outcome = try await reconciler.run(kind, trigger: trigger)
                    if outcome.state == .complete {
                        failures[kind] = nil
                        notBefore[kind] = nil
                    } else if outcome.state == .failed {
                        let count = (failures[kind] ?? 0) + 1
                        failures[kind] = count
                        let interval = kind == .full ? configuration.fullInterval : configuration.incrementalInterval
                        let delay = min(configuration.retryDelay * (1 << min(count - 1, 16)), max(interval, configuration.retryDelay))
                        notBefore[kind] = reconciler.now().addingTimeInterval(delay.seconds)
                    }
                } catch ReconcileError.busy {
                    // Another process reconciles this database; look again later.
                } catch {
                    logger.error("reconcile_not_started", ["error": "\(error)"])
                }
                trigger = "schedule"
                continue
            }
            trigger = "schedule"
            do {
                try await Task.sleep(for: configuration.tick)
            } catch {
                return
            }
        }
    }

    /// The pass to run now, if any: refresh requests first (they are cheap and precise),
    /// then a due full pass, then a due incremental pass.
    private func duePass(failures: [SyncRun.Kind: Int], notBefore: [SyncRun.Kind: Date]) async -> SyncRun.Kind? {
        let configuration = reconciler.configuration
        let now = reconciler.now()
        func allowed(_ kind: SyncRun.Kind) -> Bool { notBefore[kind].map { now >= $0 } ?? true }
        do {
            if allowed(.user), try await reconciler.hasRefreshRequests() { return .user }
            let lastFull = try await reconciler.runs.lastComplete(.full)
            if lastFull == nil, allowed(.full), try await mirrorIsEmpty() { return .full }
            if configuration.fullInterval > .zero, allowed(.full) {
                guard let lastFull else { return .full }
                if now.timeIntervalSince1970 * 1000 >= Double(lastFull.startedAt) + Double(configuration.fullInterval.milliseconds) {
                    return .full
                }
            }
            if configuration.incrementalInterval > .zero, allowed(.incremental), lastFull != nil {
                let last = max(try await reconciler.runs.lastComplete(.incremental)?.startedAt ?? 0, lastFull?.startedAt ?? 0)
                if now.timeIntervalSince1970 * 1000 >= Double(last) + Double(configuration.incrementalInterval.milliseconds) {
                    return .incremental
                }
            }
        } catch {
            logger.warning("reconcile_schedule_check_failed", ["error": "\(error)"])
        }
        return nil
    }

    private func mirrorIsEmpty() async throws -> Bool {
        try await reconciler.database.read { connection in
            try connection.queryOne("SELECT 1 AS one FROM users LIMIT 1") == nil
        }
    }
}
