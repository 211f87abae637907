import HTTPServer
import Logging
import Store

/// The Backend API's read routes over the local copy (DESIGN.md, HTTP), so Clerk's SDKs pointed
/// at the mirror read users unchanged. Every `/v1` request needs a key of `MIRROR_API_KEYS`;
/// unknown `/v1` routes answer 404, errors have Clerk's body. Stored JSON goes out as stored.
struct ReadEndpoints: Sendable {
    let database: any Database
    let keys: APIKeyCheck
    let output: StoredJSON
    let logger: Logger

    init(database: any Database, apiKeys: [String], stripPrivateMetadata: Bool, logger: Logger) {
        self.database = database
        self.keys = APIKeyCheck(keys: apiKeys)
        self.output = StoredJSON(stripPrivateMetadata: stripPrivateMetadata)
        self.logger = logger
    }

    func register(in router: inout Router) {
        let users = UserReads(database: database, output: output)
        let sessions = SessionReads(database: database)
        router.add("GET", "/v1/users") { await guarded($0, users.list) }
        router.add("GET", "/v1/users/count") { await guarded($0, users.count) }
        router.add("GET", "/v1/users/{id}") { await guarded($0, users.get) }
        router.add("GET", "/v1/sessions") { await guarded($0, sessions.list) }
        router.add("GET", "/v1/sessions/{id}") { await guarded($0, sessions.get) }
        // The key is checked first here too: without one, nothing about the routes is told.
        router.setNotFound(prefix: "/v1") { await guarded($0) { _ in throw ClerkErrorBody.notFound() } }
    }

    /// Checks the key, runs `handler`, and turns every failure into Clerk's error body.
    private func guarded(_ request: HTTPRequest,
                         _ handler: @Sendable (HTTPRequest) async throws -> HTTPResponse) async -> HTTPResponse {
        if let rejection = keys.rejection(request) { return rejection.response }
        do {
            return try await handler(request)
        } catch let error as ClerkErrorBody {
            return error.response
        } catch let error as StoredJSON.Malformed {
            logger.error("read_failed", ["path": request.path, "error": error.description])
            return ClerkErrorBody.internalError.response
        } catch {
            // DatabaseError descriptions carry no arguments, so no key or value is logged.
            logger.warning("read_failed", ["path": request.path, "error": "\(error)"])
            return ClerkErrorBody.unavailable.response
        }
    }
}
