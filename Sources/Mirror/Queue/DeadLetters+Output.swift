import Foundation

extension DeadLetters {
    /// `dead-letters list --json`: `{"total":N,"dead_letters":[...]}`, oldest first; `total`
    /// counts them all when the list is cut at its limit.
    public static func json(_ entries: [Entry], total: Int) -> [UInt8] {
        operatorJSON(["total": total, "dead_letters": entries.map(\.jsonObject)] as [String: Any])
    }

    /// `dead-letters list`: one line per dead letter, for a terminal.
    public static func text(_ entries: [Entry], total: Int) -> String {
        guard !entries.isEmpty else { return "no dead letters" }
        var lines = entries.map { entry in
            "\(entry.svixID)  \(entry.eventType ?? "-")  received \(isoTimestamp(entry.receivedAt))  "
                + "attempts \(entry.attempts)  \(entry.lastError ?? "")"
        }
        if total > entries.count { lines.append("... and \(total - entries.count) more (--limit to see them)") }
        return lines.joined(separator: "\n")
    }
}

extension DeadLetters.Entry {
    var jsonObject: [String: Any] {
        ["svix_id": svixID, "event_type": eventType.map { $0 as Any } ?? NSNull(), "received_at": receivedAt,
         "attempts": attempts, "last_error": lastError.map { $0 as Any } ?? NSNull()]
    }
}
