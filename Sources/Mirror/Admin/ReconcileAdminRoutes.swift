import Foundation
import HTTPServer
import Logging

/// `POST /admin/resync` (full, incremental or one user; 202 with the run id) and
/// `GET /admin/sync-runs/{id}` to follow it.
public struct ReconcileAdminRoutes: Sendable {
    /// Nil without `CLERK_SECRET_KEY`: the routes say so.
    let reconciler: Reconciler?
    let runs: SyncRunStore
    let logger: Logger

    public init(reconciler: Reconciler?, runs: SyncRunStore, logger: Logger = .disabled) {
        self.reconciler = reconciler
        self.runs = runs
        self.logger = logger
    }

    public func register(in admin: inout AdminEndpoints) {
        admin.add("POST", "/admin/resync") { request in await resync(request) }
        admin.add("GET", "/admin/sync-runs/{id}") { request in await syncRun(request) }
    }

    func resync(_ request: HTTPRequest) async -> HTTPResponse {
        guard let reconciler else {
            return AdminEndpoints.error(503, "the reconciler is off: set CLERK_SECRET_KEY")
        }
        var kind = SyncRun.Kind.full
        var userID: String?
        if !request.body.isEmpty {
            guard let body = JSONObjectView(request.body) else {
                return AdminEndpoints.error(400, #"expected {"kind":"full"|"incremental"|"user","user_id":"..."}"#)
            }
            if let name = body.string("kind") {
                guard let parsed = SyncRun.Kind(rawValue: name) else {
                    return AdminEndpoints.error(400, "kind must be full, incremental or user")
                }
                kind = parsed
            }
            userID = body.string("user_id")
        }
        if kind == .user, userID?.isEmpty != false {
            return AdminEndpoints.error(400, "a user resync needs user_id")
        }
        do {
            let pass = try await reconciler.prepare(kind, userID: kind == .user ? userID : nil, trigger: "admin")
            reconciler.executeInBackground(pass)
            return .json(202, Array(#"{"run_id":\#(pass.runID),"kind":"\#(pass.kind.rawValue)","follow":"/admin/sync-runs/\#(pass.runID)"}"#.utf8))
        } catch ReconcileError.busy {
            return AdminEndpoints.error(409, "a reconcile pass is already running")
        } catch {
            logger.error("admin_resync_failed", ["error": "\(error)"])
            return AdminEndpoints.error(503, "the mirror's store is unavailable")
        }
    }

    func syncRun(_ request: HTTPRequest) async -> HTTPResponse {
        guard let text = request.pathParameters["id"], let id = Int64(text), id > 0 else {
            return AdminEndpoints.error(404, "no such sync run")
        }
        do {
            guard let run = try await runs.run(id: id) else { return AdminEndpoints.error(404, "no such sync run") }
            return .json(200, Array(run.json.utf8))
        } catch {
            return AdminEndpoints.error(503, "the mirror's store is unavailable")
        }
    }
}
