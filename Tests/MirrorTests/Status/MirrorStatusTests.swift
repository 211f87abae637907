import Foundation
@testable import Mirror
import Store
import TestSupport
import Testing

@Suite struct MirrorStatusTests {
    /// Known rows in every table the status counts, written directly.
    static func seed(_ database: any Database) async throws {
        try await database.transaction { connection in
            for index in 0..<3 {
                try connection.execute("INSERT INTO users (id, created_at, updated_at, raw) VALUES ($1, 1, 1, '{}')", [.text("user_\(index)")])
            }
            try connection.execute("INSERT INTO sessions (id, user_id, status, created_at, updated_at, raw) VALUES ('sess_1', 'user_0', 'active', 1, 1, '{}')", [])
            try connection.execute("INSERT INTO user_tombstones (id, deleted_at, source) VALUES ('user_gone', 5, 'webhook')", [])
            try connection.execute("INSERT INTO user_refresh_requests (user_id, requested_at, reason) VALUES ('user_1', 5, 'tie')", [])
            let inbox: [(String, String, Int64)] = [
                ("msg_p1", "pending", 10_000), ("msg_p2", "pending", 40_000), ("msg_d1", "done", 1),
                ("msg_d2", "done", 2), ("msg_i", "ignored", 3), ("msg_x", "dead", 4),
            ]
            for (id, state, received) in inbox {
                try connection.execute("""
                    INSERT INTO webhook_inbox (svix_id, event_type, received_at, payload, state, next_attempt_at)
                    VALUES ($1, 'user.created', $2, $3, $4, $2)
                    """, [.text(id), .integer(received), .blob(Array("{}".utf8)), .text(state)])
            }
            for (index, state) in ["complete", "failed", "running"].enumerated() {
                try connection.execute("""
                    INSERT INTO sync_runs (kind, trigger, state, started_at, finished_at, pages, users_seen, created, updated, deleted, error)
                    VALUES ('full', 'schedule', $1, $2, $3, 2, 150, 1, 2, 3, $4)
                    """, [.text(state), .integer(Int64(index) * 1000), state == "running" ? .null : .integer(Int64(index) * 1000 + 500),
                          state == "failed" ? .text("Backend API answered 500") : .null])
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func countsEveryTableAndTheLatestSyncRuns(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            try await Self.seed(test.database)
            let status = try await MirrorStatus.read(from: test.database, now: Date(timeIntervalSince1970: 50), syncRunLimit: 2)
            #expect(status.schemaVersion >= 1)
            #expect(status.users == 3)
            #expect(status.sessions == 1)
            #expect(status.tombstones == 1)
            #expect(status.refreshRequests == 1)
            #expect(status.inbox == ["pending": 2, "done": 2, "ignored": 1, "dead": 1])
            #expect(status.deadLetters == 1)
            #expect(status.oldestPendingReceivedAt == 10_000)
            #expect(status.oldestPendingAgeSeconds == 40)
            #expect(status.syncRuns.map(\.state) == ["running", "failed"], "newest first, cut at the limit")
            #expect(status.syncRuns[0].finishedAt == nil)
            #expect(status.syncRuns[1].error == "Backend API answered 500")
            #expect(status.syncRuns[1].usersSeen == 150)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func anEmptyMirrorHasNothingPending(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            let status = try await MirrorStatus.read(from: test.database)
            #expect(status.users == 0)
            #expect(status.inbox == ["pending": 0, "done": 0, "ignored": 0, "dead": 0])
            #expect(status.oldestPendingAgeSeconds == nil)
            #expect(status.syncRuns.isEmpty)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(status.json())) as? [String: Any])
            #expect(json["oldest_pending_age_seconds"] is NSNull)
            #expect((json["sync_runs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func jsonCarriesEveryFigure() throws {
        let run = SyncRunSummary(id: 7, kind: "full", trigger: "admin", state: "complete", startedAt: 1000, finishedAt: 4000,
                                 pages: 3, usersSeen: 250, created: 4, updated: 5, deleted: 6, error: nil)
        let status = MirrorStatus(readAt: 60_000, schemaVersion: 1, users: 10, sessions: 4, tombstones: 2, refreshRequests: 1,
                                  inbox: ["pending": 1, "done": 5, "ignored": 0, "dead": 3], oldestPendingReceivedAt: 59_500,
                                  syncRuns: [run])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.json())) as? [String: Any])
        #expect(json["users"] as? Int == 10)
        #expect(json["sessions"] as? Int == 4)
        #expect(json["tombstones"] as? Int == 2)
        #expect(json["refresh_requests"] as? Int == 1)
        #expect(json["dead_letters"] as? Int == 3)
        #expect(json["inbox"] as? [String: Int] == ["pending": 1, "done": 5, "ignored": 0, "dead": 3])
        #expect(json["oldest_pending_age_seconds"] as? Double == 0.5)
        let runs = try #require(json["sync_runs"] as? [[String: Any]])
        #expect(runs.first?["id"] as? Int == 7)
        #expect(runs.first?["users_seen"] as? Int == 250)
        #expect(runs.first?["error"] is NSNull)
        // The readable form has a line per figure and one per run.
        #expect(status.text(database: "SQLite at x").split(separator: "\n").count == 9)
    }

    @Test func durationsReadAsAPersonWouldSayThem() {
        #expect(readableDuration(0.25) == "250 ms")
        #expect(readableDuration(4.25) == "4.2 s" || readableDuration(4.25) == "4.3 s")
        #expect(readableDuration(600) == "10 min")
        #expect(readableDuration(3 * 3600 + 300) == "3 h 5 min")
        #expect(readableDuration(2 * 86_400 + 4 * 3600) == "2 d 4 h")
    }
}
