import HTTPServer

/// `GET /v1/sessions` and `GET /v1/sessions/{session_id}` (`sessions-endpoints.yml`).
/// Following the 2024-01-01 deprecation notice, a list needs `user_id` or `client_id`.
extension FakeInstance {
    static let sessionStatuses = ["abandoned", "active", "ended", "expired", "removed", "replaced", "revoked"]

    func listSessions(_ request: HTTPRequest, traceID: String) -> HTTPResponse {
        let query = request.query
        let userID = query["user_id"]
        let clientID = query["client_id"]
        let page: PageParameters
        do throws(ClerkError) {
            guard userID != nil || clientID != nil else { throw ClerkError.missingOneOf(["client_id", "user_id"]) }
            if let status = query["status"], !Self.sessionStatuses.contains(status) {
                throw ClerkError.invalidValue(
                    "status", "\(status) does not match one of the allowed values for parameter status")
            }
            page = try PageParameters.parse(query)
        } catch {
            return error.response(traceID: traceID)
        }
        var matching: [SessionProfile] = directory.withLock { directory in
            if let clientID {
                let found = session(id: clientID, prefix: "client_", kind: .client, in: directory)
                return found.map { [$0] } ?? []
            }
            guard let userID, let index = directory.index(ofUserID: userID), directory.isLive(index) else { return [] }
            return sessions(ofUser: index, in: directory)
        }
        if let userID { matching.removeAll { $0.userID != userID } }
        if let status = query["status"] { matching.removeAll { $0.status != status } }
        let total = matching.count
        let shown = matching.dropFirst(page.offset).prefix(page.limit)

        var json = JSONWriter(capacity: 700 * shown.count + 40)
        let paginated = query["paginated"] == "true"
        if paginated {
            // The SDK's `paginated=true` shape (PROTOCOL.md §3.7, inferred from its deserializer).
            json.beginObject()
            json.key("data")
        }
        json.beginArray()
        for session in shown { session.write(to: &json) }
        json.endArray()
        if paginated {
            json.field("total_count", Int64(total))
            json.endObject()
        }
        return .json(200, json.bytes)
    }

    func getSession(_ request: HTTPRequest, traceID: String) -> HTTPResponse {
        let id = request.pathParameters["session_id"] ?? ""
        let found = directory.withLock { session(id: id, prefix: "sess_", kind: .session, in: $0) }
        guard let found else { return ClerkError.sessionNotFound(id).response(traceID: traceID) }
        return .json(200, found.json)
    }
}
