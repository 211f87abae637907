import HTTPServer

/// Typed reads of a `/v1` query, each refusing a malformed value with the Backend API's 422.
/// A name given twice counts once, first value first, as the Backend API does for `order_by`;
/// list parameters take every value.
struct QueryParameterReader {
    /// The most values a list filter takes (`users-endpoints.yml`: "Accepts up to 100").
    static let maximumListCount = 100

    let query: QueryParameters

    /// The first value, or nil when absent or empty.
    func string(_ name: String) -> String? {
        guard let value = query[name], !value.isEmpty else { return nil }
        return value
    }

    /// A whole number within `range`: digits only, as the Backend API refuses `10.0`.
    func integer(_ name: String, in range: ClosedRange<Int64> = 0...Int64.max) throws(ClerkErrorBody) -> Int64? {
        guard let text = query[name] else { return nil }
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int64(text), range.contains(value) else {
            throw .invalidParameter(name, text)
        }
        return value
    }

    /// `true` or `false`, with the spellings Go's `strconv.ParseBool` accepts (the Backend API
    /// is written in Go).
    func boolean(_ name: String) throws(ClerkErrorBody) -> Bool? {
        guard let text = query[name] else { return nil }
        switch text {
        case "true", "TRUE", "True", "t", "T", "1": return true
        case "false", "FALSE", "False", "f", "F", "0": return false
        default: throw .invalidParameter(name, text)
        }
    }

    /// Every non-empty value of a repeated key (`name=a&name=b`, also `name[]=`), at most 100.
    func list(_ name: String) throws(ClerkErrorBody) -> [String] {
        let values = (query.values(name) + query.values(name + "[]")).filter { !$0.isEmpty }
        guard values.count <= Self.maximumListCount else {
            throw .invalidParameter(name, "\(values.count) values",
                                    reason: "\(name) accepts up to \(Self.maximumListCount) values, \(values.count) were given")
        }
        return values
    }

    /// Refuses a filter the mirror cannot answer honestly, rather than ignoring it and
    /// answering more users than the Backend API would.
    func refuse(_ name: String, because reason: String) throws(ClerkErrorBody) {
        guard query[name] != nil || query[name + "[]"] != nil else { return }
        throw .invalidParameter(name, query[name] ?? "", reason: "clerk-mirror does not serve \(name): \(reason); ask Clerk's Backend API")
    }
}
