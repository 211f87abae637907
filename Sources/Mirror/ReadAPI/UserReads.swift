import HTTPServer
import Store

/// `GET /v1/users`, `/v1/users/count` and `/v1/users/{id}`.
struct UserReads: Sendable {
    let database: any Database
    let output: StoredJSON
    let lookups: UserLookupBatcher

    init(database: any Database, output: StoredJSON) {
        self.database = database
        self.output = output
        self.lookups = UserLookupBatcher(database: database)
    }

    /// A bare JSON array of stored User objects, as the Backend API answers.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        let list = try UserListRequest(query: request.query)
        let dialect = database.dialect
        let raws = try await database.read { connection in
            var cursorCreatedAt: Int64?
            if let cursor = list.startingAfter {
                guard let createdAt = try connection.queryOne(UserQueryBuilder.cursor, [.text(cursor)])?[0].int64 else {
                    // Answering an empty page would end a walk early without a word.
                    throw ClerkErrorBody.invalidParameter("starting_after", cursor, reason: "no user has the id \(cursor)")
                }
                cursorCreatedAt = createdAt
            }
            let statement = UserQueryBuilder.list(list, cursorCreatedAt: cursorCreatedAt, dialect: dialect)
            return try connection.query(statement.sql, statement.arguments).map { $0[0].bytes ?? [] }
        }
        return .json(200, JSONText.array(try raws.map(output.user)))
    }

    /// `{"object":"total_count","total_count":N}`; paging and ordering parameters are ignored,
    /// as the SDKs send the list's parameters minus those.
    func count(_ request: HTTPRequest) async throws -> HTTPResponse {
        let statement = UserQueryBuilder.count(try UserFilters(query: request.query), dialect: database.dialect)
        let total = try await database.read { connection in
            try connection.queryOne(statement.sql, statement.arguments)?[0].int64 ?? 0
        }
        return .json(200, Array(#"{"object":"total_count","total_count":\#(total)}"#.utf8))
    }

    /// One stored User object with its entity tag, or 304 when `If-None-Match` names it.
    func get(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        guard let user = try await lookups.lookup(id) else {
            throw ClerkErrorBody.notFound("No user was found with id \(id)")
        }
        let tag = EntityTag.user(updatedAt: user.updatedAt, stripped: output.stripPrivateMetadata)
        if EntityTag.matches(ifNoneMatch: request.headers["If-None-Match"], tag) {
            return HTTPResponse(status: 304, headers: [("ETag", tag)])
        }
        var response = HTTPResponse.json(200, try output.user(user.raw))
        response.headers.add("ETag", tag)
        return response
    }
}
