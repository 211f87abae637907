import Foundation
import Mirror
import Synchronization

/// Shows a pass's progress on stderr: a bar redrawn in place on a terminal (pages, users,
/// users per second, ETA from the upstream count), plain lines at most once a second
/// otherwise, so logs stay readable, and always when the phase changes (building a first
/// load's indexes can take a while with no page to report).
final class ResyncProgressView: Sendable {
    private struct State {
        var started = Date()
        var lastLine = Date.distantPast
        var lastPhase: SyncProgress.Phase?
        var drewBar = false
    }

    private let terminal: Bool
    private let state = Mutex(State())

    init(terminal: Bool) {
        self.terminal = terminal
    }

    func show(_ progress: SyncProgress) {
        let now = Date()
        let text: String? = state.withLock { state in
            let elapsed = max(now.timeIntervalSince(state.started), 0.001)
            let rate = Double(progress.usersSeen) / elapsed
            var line = "\(progress.kind.rawValue) pass, run \(progress.runID): \(progress.phase.rawValue), "
                + "pages \(progress.pages), users \(progress.usersSeen) (\(Int(rate))/s)"
            if progress.phase == .confirmingDeletions {
                line += ", confirming \(progress.confirmed)/\(progress.candidates)"
            }
            line += ", created \(progress.created), updated \(progress.updated), deleted \(progress.deleted)"
            if terminal {
                state.drewBar = true
                var bar = ""
                if let total = progress.upstreamCount, total > 0, progress.phase == .paging {
                    let fraction = min(Double(progress.usersSeen) / Double(total), 1)
                    let filled = Int(fraction * 24)
                    bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 24 - filled) + "] "
                        + "\(Int(fraction * 100))% "
                    if rate > 0 {
                        let remaining = Double(max(total - progress.usersSeen, 0)) / rate
                        line += ", ETA \(Int(remaining.rounded()))s"
                    }
                }
                return "\r\u{1B}[2K" + bar + line
            }
            guard now.timeIntervalSince(state.lastLine) >= 1 || progress.phase != state.lastPhase else { return nil }
            state.lastLine = now
            state.lastPhase = progress.phase
            return line + "\n"
        }
        if let text { FileHandle.standardError.write(Data(text.utf8)) }
    }

    func finish(_ run: SyncRun) {
        let drewBar = state.withLock { $0.drewBar }
        var line = (drewBar ? "\n" : "") + "run \(run.id) \(run.state.rawValue): pages \(run.pages), users seen \(run.usersSeen), "
            + "created \(run.created), updated \(run.updated), deleted \(run.deleted)"
        if let count = run.upstreamCount { line += ", Backend API count \(count)" }
        if let error = run.error { line += "\n  \(error)" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
