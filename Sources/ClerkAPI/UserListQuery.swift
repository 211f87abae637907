/// The parameters of `GET /v1/users` that the mirror uses.
///
/// Nil fields are not sent, so Clerk's defaults apply (limit 10, offset 0, `-created_at`).
/// Clerk refuses `starting_after` (422) unless ordering by `created_at` and with a zero
/// offset; the client checks that before sending.
public struct UserListQuery: Sendable, Hashable {
    /// 1...500.
    public var limit: Int?
    /// 0 or more.
    public var offset: Int?
    /// The id of the last user of the previous page (cursor paging).
    public var startingAfter: String?
    /// E.g. `"+created_at"`, `"-updated_at"`; no prefix means `+`.
    public var orderBy: String?
    /// `user_id`, repeated; at most 100 (Clerk's limit). A `+`/`-` prefix includes/excludes.
    public var userIDs: [String]
    /// `email_address`, repeated; at most 100.
    public var emailAddresses: [String]

    public init(limit: Int? = nil, offset: Int? = nil, startingAfter: String? = nil,
                orderBy: String? = nil, userIDs: [String] = [], emailAddresses: [String] = []) {
        self.limit = limit
        self.offset = offset
        self.startingAfter = startingAfter
        self.orderBy = orderBy
        self.userIDs = userIDs
        self.emailAddresses = emailAddresses
    }

    /// Refuses what Clerk would refuse, without spending a request on it.
    func validate() throws(ClerkAPIError) {
        if let limit, !(1...500).contains(limit) {
            throw .invalidRequest("limit \(limit) is outside 1...500")
        }
        if let offset, offset < 0 { throw .invalidRequest("offset \(offset) is negative") }
        if userIDs.count > 100 { throw .invalidRequest("more than 100 user ids") }
        if emailAddresses.count > 100 { throw .invalidRequest("more than 100 email addresses") }
        if let startingAfter {
            if startingAfter.isEmpty { throw .invalidRequest("starting_after is empty") }
            if let offset, offset != 0 {
                throw .invalidRequest("starting_after needs a zero offset")
            }
            if let orderBy, !["created_at", "+created_at", "-created_at"].contains(orderBy) {
                throw .invalidRequest("starting_after needs order_by created_at, not \(orderBy)")
            }
        }
    }

    /// The filters only, as `/v1/users/count` takes them.
    var filterItems: [(String, String)] {
        userIDs.map { ("user_id", $0) } + emailAddresses.map { ("email_address", $0) }
    }

    /// Everything, in a stable order.
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let limit { items.append(("limit", String(limit))) }
        if let offset { items.append(("offset", String(offset))) }
        if let startingAfter { items.append(("starting_after", startingAfter)) }
        if let orderBy { items.append(("order_by", orderBy)) }
        return items + filterItems
    }
}

/// Percent-encodes a query as `key=value&key=value`, arrays as repeated keys without
/// brackets. Everything but RFC 3986 unreserved characters is escaped, so `+` is sent as
/// `%2B` (a bare `+` would be read as a space) and `&`, `=`, `#` cannot split the query.
func encodeQuery(_ items: [(String, String)]) -> String {
    items.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
}

/// Escapes every byte of the UTF-8 form except `A-Z a-z 0-9 - . _ ~`.
func percentEncode(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.append(byte)
        default:
            out.append(UInt8(ascii: "%"))
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
    }
    return String(decoding: out, as: UTF8.self)
}
