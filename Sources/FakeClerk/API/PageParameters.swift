import HTTPServer

/// `limit` (1...500, default 10) and `offset` (0 or more, default 0), as Clerk's
/// `LimitParameter` and `OffsetParameter` define them.
struct PageParameters: Sendable {
    var limit = 10
    var offset = 0

    static func parse(_ query: QueryParameters) throws(ClerkError) -> PageParameters {
        var page = PageParameters()
        if let text = query["limit"] {
            let limit = try integer(text, name: "limit")
            guard (1...500).contains(limit) else {
                throw .invalidValue("limit", "limit must be between 1 and 500, not \(limit)")
            }
            page.limit = limit
        }
        if let text = query["offset"] {
            let offset = try integer(text, name: "offset")
            guard offset >= 0 else { throw .invalidValue("offset", "offset must be 0 or greater, not \(offset)") }
            page.offset = offset
        }
        return page
    }

    /// Decimal digits with an optional sign, as Go's `strconv.Atoi` reads them.
    static func integer(_ text: String, name: String) throws(ClerkError) -> Int {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text) else {
            throw .invalidFormat(name, "\(name) must be an integer")
        }
        return value
    }
}
