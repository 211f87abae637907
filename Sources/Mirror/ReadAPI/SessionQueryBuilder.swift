import Store

/// The SQL of the session reads. Each filter leads an index that ends in `(created_at, id)`,
/// so a page is a walk of one index, backwards.
enum SessionQueryBuilder {
    static let byID = "SELECT raw FROM sessions WHERE id = $1"

    static func list(_ request: SessionListRequest, dialect: SQLDialect) -> SQLStatement {
        var builder = SQLBuilder(dialect: dialect)
        let conditions = conditions(request, &builder)
        let limit = builder.bind(.integer(request.limit)), offset = builder.bind(.integer(request.offset))
        return builder.statement("SELECT raw FROM sessions" + UserQueryBuilder.whereClause(conditions)
            + " ORDER BY created_at DESC, \(builder.text("id")) DESC LIMIT \(limit) OFFSET \(offset)")
    }

    static func count(_ request: SessionListRequest, dialect: SQLDialect) -> SQLStatement {
        var builder = SQLBuilder(dialect: dialect)
        let conditions = conditions(request, &builder)
        return builder.statement("SELECT count(*) AS total FROM sessions" + UserQueryBuilder.whereClause(conditions))
    }

    private static func conditions(_ request: SessionListRequest, _ builder: inout SQLBuilder) -> [String] {
        var conditions: [String] = []
        if let userID = request.userID { conditions.append("user_id = " + builder.bind(.text(userID))) }
        if let clientID = request.clientID { conditions.append("client_id = " + builder.bind(.text(clientID))) }
        if let status = request.status { conditions.append("status = " + builder.bind(.text(status))) }
        return conditions
    }
}
