import HTTPServer
import Signing

/// `Authorization: Bearer <key>` against `MIRROR_API_KEYS`. Every configured key is compared,
/// each in constant time, so the answer's timing says nothing about which key came close.
/// The presented key is never logged or echoed.
struct APIKeyCheck: Sendable {
    private let keys: [[UInt8]]

    init(keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
    }

    /// Nil when the request carries a configured key; otherwise the 401 to answer. Without
    /// any configured key every request is refused.
    func rejection(_ request: HTTPRequest) -> ClerkErrorBody? {
        guard let header = request.headers["Authorization"] else { return .missingKey }
        // RFC 9110 §11.1: the scheme is case-insensitive; one space before the credentials.
        let utf8 = header.utf8
        guard utf8.count > 7, header.prefix(7).lowercased() == "bearer " else { return .malformedAuthorization }
        let presented = Array(utf8.dropFirst(7))
        var matched = false
        for key in keys where constantTimeEquals(key, presented) { matched = true }
        return matched ? nil : .wrongKey
    }
}
