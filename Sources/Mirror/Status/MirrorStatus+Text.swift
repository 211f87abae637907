import Foundation

extension MirrorStatus {
    /// The readable summary of `clerk-mirror status`, for a terminal.
    public func text(database: String) -> String {
        var lines = ["\(database), schema version \(schemaVersion)"]
        func line(_ label: String, _ value: String) {
            lines.append(label.padding(toLength: 18, withPad: " ", startingAt: 0) + value)
        }
        line("users", String(users))
        line("sessions", String(sessions))
        line("tombstones", String(tombstones))
        line("refresh requests", String(refreshRequests))
        line("inbox", Self.inboxStates.map { "\($0) \(inbox[$0] ?? 0)" }.joined(separator: ", "))
        line("dead letters", deadLetters == 0 ? "0" : "\(deadLetters) (clerk-mirror dead-letters list)")
        line("oldest pending", oldestPendingAgeSeconds.map { "received \(readableDuration($0)) ago" } ?? "none")
        if syncRuns.isEmpty {
            line("sync runs", "none yet")
        }
        for (index, run) in syncRuns.enumerated() {
            line(index == 0 ? "sync runs" : "", run.summaryLine)
        }
        return lines.joined(separator: "\n")
    }
}

extension SyncRunSummary {
    var summaryLine: String {
        var text = "#\(id) \(kind) (\(trigger)) \(state), started \(isoTimestamp(startedAt))"
        if let finishedAt { text += ", took \(readableDuration(Double(finishedAt - startedAt) / 1000))" }
        text += ": \(pages) pages, \(usersSeen) seen, \(created) created, \(updated) updated, \(deleted) deleted"
        if let error, !error.isEmpty { text += "; error: \(error)" }
        return text
    }
}

/// "850 ms", "4.2 s", "12 min", "3 h 5 min", "2 d 4 h".
func readableDuration(_ seconds: Double) -> String {
    if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
    if seconds < 60 { return String(format: "%.1f s", seconds) }
    let minutes = Int(seconds / 60)
    if minutes < 60 { return "\(minutes) min" }
    if minutes < 24 * 60 { return "\(minutes / 60) h \(minutes % 60) min" }
    return "\(minutes / 1440) d \(minutes % 1440 / 60) h"
}

/// Unix milliseconds as ISO 8601 in UTC, to the second.
func isoTimestamp(_ milliseconds: Int64) -> String {
    Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601)
}
