/// One Clerk user as the Backend API sent it: the exact bytes of the JSON object (key
/// order, whitespace and escapes untouched) plus the fields a caller needs to page and to
/// order versions.
public struct ClerkUserJSON: Sendable, Hashable {
    /// The user object's bytes exactly as they appeared in the response, from `{` to `}`.
    public var raw: [UInt8]
    /// `id`, e.g. `user_2abc…`.
    public var id: String
    /// `created_at`, Unix milliseconds.
    public var createdAt: Int64
    /// `updated_at`, Unix milliseconds.
    public var updatedAt: Int64

    public init(raw: [UInt8], id: String, createdAt: Int64, updatedAt: Int64) {
        self.raw = raw
        self.id = id
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One page of `GET /v1/users`, in the order Clerk sent it.
public struct UserPage: Sendable, Hashable {
    public var users: [ClerkUserJSON]
    /// The response's `Clerk-Trace-Id` header, if any.
    public var traceID: String?

    public init(users: [ClerkUserJSON], traceID: String? = nil) {
        self.users = users
        self.traceID = traceID
    }

    /// The cursor for the next page (`starting_after`): the last user's id.
    public var lastUserID: String? { users.last?.id }

    /// Clerk's documented stop rule: a page with fewer users than the limit asked for is
    /// the last one.
    public func isLastPage(limit: Int) -> Bool { users.count < limit }
}

extension ClerkUserJSON {
    /// Reads the users of a `GET /v1/users` body: a bare array of user objects. The whole
    /// body is validated before anything is returned.
    static func parseList(_ body: [UInt8]) throws(ClerkAPIError) -> [ClerkUserJSON] {
        try validateUTF8(body)
        let ranges: [Range<Int>]
        do {
            ranges = try JSONScanner.arrayElements(of: body)
        } catch {
            throw .malformedResponse("user list: \(error.description)")
        }
        var users: [ClerkUserJSON] = []
        users.reserveCapacity(ranges.count)
        for (position, range) in ranges.enumerated() {
            users.append(try parseUser(body, range, what: "user \(position) of the list"))
        }
        return users
    }

    /// Reads a `GET /v1/users/{id}` body: one user object.
    static func parseSingle(_ body: [UInt8]) throws(ClerkAPIError) -> ClerkUserJSON {
        try validateUTF8(body)
        let range: Range<Int>
        do {
            range = try JSONScanner.singleValue(of: body)
        } catch {
            throw .malformedResponse("user: \(error.description)")
        }
        return try parseUser(body, range, what: "user")
    }

    private static func validateUTF8(_ body: [UInt8]) throws(ClerkAPIError) {
        guard String(validating: body, as: UTF8.self) != nil else {
            throw .malformedResponse("body is not valid UTF-8")
        }
    }

    /// `range` holds a validated value; it must be an object with a non-empty string `id`
    /// and integer `created_at` and `updated_at`, each exactly once.
    private static func parseUser(_ body: [UInt8], _ range: Range<Int>, what: String)
        throws(ClerkAPIError) -> ClerkUserJSON
    {
        guard body[range.lowerBound] == UInt8(ascii: "{") else {
            throw .malformedResponse("\(what) is not a JSON object")
        }
        var id: String?
        var createdAt: Int64?
        var updatedAt: Int64?
        do throws(JSONScanner.Failure) {
            for (key, value) in try JSONScanner.objectMembers(of: body, in: range) {
                if try JSONScanner.key(body, key, is: "id") {
                    guard id == nil else { throw JSONScanner.Failure(description: "duplicate \"id\"") }
                    guard body[value.lowerBound] == UInt8(ascii: "\"") else {
                        throw JSONScanner.Failure(description: "\"id\" is not a string")
                    }
                    id = try JSONScanner.decodeString(body, value)
                } else if try JSONScanner.key(body, key, is: "created_at") {
                    guard createdAt == nil else { throw JSONScanner.Failure(description: "duplicate \"created_at\"") }
                    createdAt = try integer(body, value, "created_at")
                } else if try JSONScanner.key(body, key, is: "updated_at") {
                    guard updatedAt == nil else { throw JSONScanner.Failure(description: "duplicate \"updated_at\"") }
                    updatedAt = try integer(body, value, "updated_at")
                }
            }
        } catch {
            throw .malformedResponse("\(what): \(error.description)")
        }
        guard let id, !id.isEmpty else { throw .malformedResponse("\(what) has no \"id\"") }
        guard let createdAt else { throw .malformedResponse("\(what) (\(id)) has no \"created_at\"") }
        guard let updatedAt else { throw .malformedResponse("\(what) (\(id)) has no \"updated_at\"") }
        return ClerkUserJSON(raw: Array(body[range]), id: id, createdAt: createdAt, updatedAt: updatedAt)
    }

    private static func integer(_ body: [UInt8], _ range: Range<Int>, _ key: String)
        throws(JSONScanner.Failure) -> Int64
    {
        do {
            return try JSONScanner.decodeInt64(body, range)
        } catch {
            throw JSONScanner.Failure(description: "\"\(key)\" is not an integer")
        }
    }
}
