/// Why a request cannot be served; each case maps to the status the server answers before closing.
enum HTTPParseError: Error, Equatable, Sendable {
    /// Malformed syntax or framing (RFC 9112 §2.2, §3, §5, §6.3).
    case badRequest
    /// Request line over the limit (RFC 9112 §3: 414 for a long request-target).
    case uriTooLong
    /// Header section over the byte or field limit (RFC 6585 §5).
    case headersTooLarge
    /// Body over the route's limit (RFC 9110 §15.5.14).
    case contentTooLarge
    /// A transfer coding other than chunked (RFC 9112 §6.1).
    case notImplemented
    /// A well-formed HTTP-version other than 1.x.
    case versionNotSupported

    var status: Int {
        switch self {
        case .badRequest: 400
        case .uriTooLong: 414
        case .headersTooLarge: 431
        case .contentTooLarge: 413
        case .notImplemented: 501
        case .versionNotSupported: 505
        }
    }
}
