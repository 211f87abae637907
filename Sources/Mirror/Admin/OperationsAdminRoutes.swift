import Foundation
import HTTPServer
import Logging
import Store

/// The operator routes that need no reconciler: `GET /admin/status` (the JSON of
/// `status --json`) and `POST /admin/dead-letters/replay`.
public struct OperationsAdminRoutes: Sendable {
    let database: any Database
    let logger: Logger
    let now: @Sendable () -> Date
    /// Called after dead letters were re-queued, to wake this process's worker.
    let onRequeued: @Sendable () -> Void

    public init(database: any Database, logger: Logger = .disabled, now: @escaping @Sendable () -> Date = Date.init,
                onRequeued: @escaping @Sendable () -> Void = {}) {
        self.database = database
        self.logger = logger
        self.now = now
        self.onRequeued = onRequeued
    }

    public func register(in admin: inout AdminEndpoints) {
        admin.add("GET", "/admin/status") { _ in await status() }
        admin.add("POST", "/admin/dead-letters/replay") { request in await replay(request) }
    }

    func status() async -> HTTPResponse {
        do {
            return .json(200, try await MirrorStatus.read(from: database, now: now()).json())
        } catch {
            logger.error("admin_status_failed", ["error": "\(error)"])
            return AdminEndpoints.error(503, "the mirror's store is unavailable")
        }
    }

    func replay(_ request: HTTPRequest) async -> HTTPResponse {
        guard let replay = ReplayRequest(body: request.body) else {
            return AdminEndpoints.error(400, #"expected {"ids":["msg_..."]} or {"all":true}"#)
        }
        let letters = DeadLetters(database: database, now: now)
        do {
            let answer: [String: Any]
            switch replay {
            case .all:
                let count = try await letters.replayAll()
                answer = ["requeued": count]
            case .ids(let ids):
                let requeued = try await letters.replayed(ids)
                let found = Set(requeued)
                var seen: Set<String> = []
                answer = ["requeued": requeued.count,
                          "not_dead_letters": ids.filter { !found.contains($0) && seen.insert($0).inserted }]
            }
            if let count = answer["requeued"] as? Int, count > 0 {
                onRequeued()
                logger.info("dead_letters_requeued", ["count": String(count), "by": "admin"])
            }
            return .json(200, operatorJSON(answer))
        } catch {
            logger.error("admin_replay_failed", ["error": "\(error)"])
            return AdminEndpoints.error(503, "the mirror's store is unavailable")
        }
    }
}
