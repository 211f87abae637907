import Foundation

extension MirrorStatus {
    /// The JSON of `status --json` and `GET /admin/status`: snake_case keys, sorted;
    /// timestamps in Unix milliseconds, as in the tables.
    public func json() -> [UInt8] {
        let object: [String: Any] = [
            "read_at": readAt,
            "schema_version": schemaVersion,
            "users": users,
            "sessions": sessions,
            "tombstones": tombstones,
            "refresh_requests": refreshRequests,
            "inbox": inbox,
            "dead_letters": deadLetters,
            "oldest_pending_received_at": oldestPendingReceivedAt.map { $0 as Any } ?? NSNull(),
            "oldest_pending_age_seconds": oldestPendingAgeSeconds.map { $0 as Any } ?? NSNull(),
            "sync_runs": syncRuns.map(\.jsonObject),
        ]
        return operatorJSON(object)
    }
}

extension SyncRunSummary {
    var jsonObject: [String: Any] {
        [
            "id": id, "kind": kind, "trigger": trigger, "state": state, "started_at": startedAt,
            "finished_at": finishedAt.map { $0 as Any } ?? NSNull(), "pages": pages, "users_seen": usersSeen,
            "created": created, "updated": updated, "deleted": deleted, "error": error.map { $0 as Any } ?? NSNull(),
        ]
    }
}

/// Operator-facing JSON (status, dead letters, admin answers): keys sorted so that output is
/// stable for scripts and diffs. Only ever handed plain dictionaries, arrays, strings and numbers.
func operatorJSON(_ object: Any) -> [UInt8] {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    return Array(data)
}
