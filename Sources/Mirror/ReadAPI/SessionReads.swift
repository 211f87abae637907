import HTTPServer
import Store

/// `GET /v1/sessions` and `/v1/sessions/{id}`. Sessions of deleted users are removed with them.
struct SessionReads: Sendable {
    let database: any Database

    /// A bare array, or `{"data":[...],"total_count":N}` with `paginated=true`, the shape
    /// `@clerk/backend`'s deserializer reads (PROTOCOL.md §3.7).
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        let list = try SessionListRequest(query: request.query)
        let dialect = database.dialect
        let (raws, total) = try await database.read { connection in
            let page = SessionQueryBuilder.list(list, dialect: dialect)
            let raws = try connection.query(page.sql, page.arguments).map { $0[0].bytes ?? [] }
            guard list.paginated else { return (raws, Int64?.none) }
            let count = SessionQueryBuilder.count(list, dialect: dialect)
            return (raws, try connection.queryOne(count.sql, count.arguments)?[0].int64 ?? 0)
        }
        guard let total else { return .json(200, JSONText.array(raws)) }
        var body = Array(#"{"data":"#.utf8)
        body.append(contentsOf: JSONText.array(raws))
        body.append(contentsOf: #","total_count":\#(total)}"#.utf8)
        return .json(200, body)
    }

    func get(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let raw = try await database.read { connection in
            try connection.queryOne(SessionQueryBuilder.byID, [.text(id)])?[0].bytes
        }
        guard let raw else { throw ClerkErrorBody.notFound("No session was found with id \(id)", message: "Session not found") }
        return .json(200, raw)
    }
}
