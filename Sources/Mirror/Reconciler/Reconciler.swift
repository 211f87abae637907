import ClerkAPI
import Foundation
import Logging
import Store
import Synchronization

/// Repairs whatever webhooks missed by reading the Backend API (DESIGN.md, rule 6).
///
/// A pass is prepared (the lock taken, its `sync_runs` row written, so callers learn the run
/// id at once) and then executed; every pass ends with its true outcome recorded: complete,
/// failed with the reason, or interrupted when its task is cancelled.
public final class Reconciler: Sendable {
    public typealias ProgressHandler = @Sendable (SyncProgress) -> Void

    /// A pass that holds the lock and has a run id, ready to execute.
    public struct PreparedPass: Sendable {
        public let runID: Int64
        public let kind: SyncRun.Kind
        /// For `.user`: the one user to read; nil means the queued refresh requests.
        let userID: String?
        let startedAt: Int64
    }

    let database: any Database
    let source: any UserSource
    let configuration: ReconcilerConfiguration
    let runs: SyncRunStore
    let logger: Logger
    let metrics: ReconcileMetrics?
    let now: @Sendable () -> Date
    private let lock: ReconcileLock
    /// A pass started for an operator (`POST /admin/resync`), still running.
    private let background = Mutex<Task<SyncRun, Never>?>(nil)

    public init(database: any Database, location: DatabaseLocation, source: any UserSource,
                configuration: ReconcilerConfiguration = ReconcilerConfiguration(), logger: Logger,
                metrics: ReconcileMetrics? = nil, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.source = source
        self.configuration = configuration
        self.runs = SyncRunStore(database: database)
        self.logger = logger
        self.metrics = metrics
        self.now = now
        self.lock = ReconcileLock(location: location)
    }

    var nowMilliseconds: Int64 { Int64((now().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Takes the lock and records the run. Throws `ReconcileError.busy` when another pass runs.
    public func prepare(_ kind: SyncRun.Kind, userID: String? = nil, trigger: String) async throws -> PreparedPass {
        guard try await lock.tryAcquire() else { throw ReconcileError.busy }
        do {
            // A pass killed while it loaded an empty mirror left indexes to build.
            if try await DeferredIndexes.restore(database) > 0 {
                logger.info("reconcile_indexes_built", ["after": "an interrupted load"])
            }
            var kind = kind
            // Without a watermark there is nothing to be incremental from.
            if kind == .incremental, try await runs.watermark() == nil { kind = .full }
            let startedAt = nowMilliseconds
            let id = try await runs.start(kind: kind, trigger: trigger, at: startedAt)
            logger.info("reconcile_started", ["run": String(id), "kind": kind.rawValue, "trigger": trigger])
            return PreparedPass(runID: id, kind: kind, userID: userID, startedAt: startedAt)
        } catch {
            await lock.release()
            throw error
        }
    }

    /// Runs the pass to its end and records the outcome; releases the lock.
    @discardableResult
    public func execute(_ pass: PreparedPass, progress: ProgressHandler? = nil) async -> SyncRun {
        var state = SyncProgress(runID: pass.runID, kind: pass.kind)
        let outcome: SyncRun.State
        var reason: String?
        do {
            switch pass.kind {
            case .full: try await fullPass(pass, &state, progress)
            case .incremental: try await incrementalPass(pass, &state, progress)
            case .user: try await refresh(pass, &state, progress)
            }
            outcome = .complete
        } catch is CancellationError {
            outcome = .interrupted
            reason = "stopped before the end"
        } catch let error as URLError where error.code == .cancelled {
            outcome = .interrupted
            reason = "stopped before the end"
        } catch {
            outcome = .failed
            reason = "\(error)"
        }
        do {
            try await runs.finish(pass.runID, state: outcome, progress: state, error: reason, at: nowMilliseconds)
        } catch {
            logger.error("reconcile_record_failed", ["run": String(pass.runID), "error": "\(error)"])
        }
        await lock.release()
        metrics?.record(pass.kind, outcome, state, finishedAt: now())
        let level: Logger.Level = outcome == .complete ? .info : .warning
        logger.log(level, "reconcile_finished", [
            "run": String(pass.runID), "kind": pass.kind.rawValue, "outcome": outcome.rawValue,
            "pages": String(state.pages), "seen": String(state.usersSeen), "created": String(state.created),
            "updated": String(state.updated), "deleted": String(state.deleted), "error": reason ?? "",
        ])
        let fallback = SyncRun(id: pass.runID, kind: pass.kind, state: outcome, startedAt: pass.startedAt)
        return (try? await runs.run(id: pass.runID)) ?? fallback
    }

    /// Prepare and execute in one call.
    @discardableResult
    public func run(_ kind: SyncRun.Kind, userID: String? = nil, trigger: String,
                    progress: ProgressHandler? = nil) async throws -> SyncRun {
        let pass = try await prepare(kind, userID: userID, trigger: trigger)
        return await execute(pass, progress: progress)
    }

    /// Executes `pass` on a task of its own; `stopBackground()` interrupts it.
    public func executeInBackground(_ pass: PreparedPass) {
        let task = Task { await self.execute(pass) }
        background.withLock { $0 = task }
    }

    /// Cancels a pass started by `executeInBackground` and waits until it has recorded itself.
    public func stopBackground() async {
        let task = background.withLock { $0 }
        task?.cancel()
        _ = await task?.value
    }
}
