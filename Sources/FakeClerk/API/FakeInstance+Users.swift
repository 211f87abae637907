import HTTPServer

/// `GET /v1/users`, `GET /v1/users/count`, `GET /v1/users/{user_id}`.
extension FakeInstance {
    func listUsers(_ request: HTTPRequest, traceID: String) -> HTTPResponse {
        let rejectCursor = traffic.withLock { $0.faults.rejectStartingAfter }
        let parameters: UserListParameters
        do {
            parameters = try UserListParameters.parse(request.query, forCount: false, rejectStartingAfter: rejectCursor)
        } catch {
            return error.response(traceID: traceID)
        }
        let page: Result<[UserDirectory.Snapshot], ClerkError> = directory.withLock { directory in
            var cursor: OrderKey?
            if let id = parameters.startingAfter {
                // A deleted user's id still marks a place: its index is in the id.
                guard let index = directory.index(ofUserID: id) else {
                    return .failure(.invalidValue("starting_after", "starting_after must be the id of a user"))
                }
                cursor = directory.key(index, .createdAt)
            }
            let order = Self.selection(parameters, in: &directory)
            return .success(Self.page(of: order, parameters, after: cursor).map { directory.snapshot($0) })
        }
        switch page {
        case .failure(let error):
            return error.response(traceID: traceID)
        case .success(let users):
            var json = JSONWriter(capacity: 2600 * users.count + 2)
            json.beginArray()
            for user in users { writeUser(user, to: &json) }
            json.endArray()
            return .json(200, json.bytes)
        }
    }

    func countUsers(_ request: HTTPRequest, traceID: String) -> HTTPResponse {
        let parameters: UserListParameters
        do {
            parameters = try UserListParameters.parse(request.query, forCount: true, rejectStartingAfter: false)
        } catch {
            return error.response(traceID: traceID)
        }
        let count = directory.withLock { Self.selection(parameters, in: &$0).liveCount }
        var json = JSONWriter(capacity: 48)
        json.beginObject()
        json.field("object", "total_count")
        json.field("total_count", Int64(count))
        json.endObject()
        return .json(200, json.bytes)
    }

    func getUser(_ request: HTTPRequest, traceID: String) -> HTTPResponse {
        let id = request.pathParameters["user_id"] ?? ""
        let user = directory.withLock { directory in
            directory.index(ofUserID: id).flatMap { directory.isLive($0) ? directory.snapshot($0) : nil }
        }
        guard let user else { return ClerkError.userNotFound(id).response(traceID: traceID) }
        return .json(200, userJSON(user))
    }

    /// The users a request is about, in its ordering: the named ones (`user_id`,
    /// `email_address`; both given means both must match), or everyone; minus `-user_id`s.
    static func selection(_ parameters: UserListParameters, in directory: inout UserDirectory) -> UserOrder {
        let excluded = Set(parameters.excludedIDs.compactMap { directory.index(ofUserID: $0) }
            .filter { directory.isLive($0) })
        guard parameters.selectsUsers else {
            let order = directory.order(parameters.ordering)
            return excluded.isEmpty ? order : order.excluding(excluded.map { directory.key($0, parameters.ordering) })
        }
        let byID = Set(parameters.includedIDs.compactMap { directory.index(ofUserID: $0) }.filter { directory.isLive($0) })
        let byEmail = Set(parameters.emailAddresses.compactMap { directory.index(ofEmailAddress: $0) })
        var chosen = parameters.includedIDs.isEmpty ? byEmail
            : parameters.emailAddresses.isEmpty ? byID : byID.intersection(byEmail)
        chosen.subtract(excluded)
        let keys = chosen.map { directory.key($0, parameters.ordering) }.sorted()
        return UserOrder(baseCount: keys.count, indexAt: { keys[$0].index }, keyAt: { keys[$0] }, hidden: [], moved: [])
    }

    /// The page's user indices: from `offset`, or after the cursor, in the requested direction.
    static func page(of order: UserOrder, _ parameters: UserListParameters, after cursor: OrderKey?) -> [Int] {
        let total = order.liveCount
        let limit = parameters.page.limit
        if parameters.descending {
            let start = cursor.map { total - order.countLive(before: $0, inclusive: false) } ?? parameters.page.offset
            let end = total - start
            guard end > 0 else { return [] }
            let first = max(0, end - limit)
            return order.indices(fromRank: first, count: end - first).reversed()
        }
        let start = cursor.map { order.countLive(before: $0, inclusive: true) } ?? parameters.page.offset
        return order.indices(fromRank: start, count: limit)
    }
}
