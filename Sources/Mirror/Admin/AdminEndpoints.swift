import Foundation
import HTTPServer
import Logging
import Signing

/// `/admin/*`: operator routes behind the bearer key `MIRROR_ADMIN_KEY`. Every route added
/// here answers 401 unless the request carries that key, and always when none is set.
///
/// Parts add their routes before `register(in:)`:
///
///     var admin = AdminEndpoints(adminKey: settings.adminKey, logger: logger)
///     admin.add("POST", "/admin/resync") { request in ... }
///     admin.register(in: &router)
public struct AdminEndpoints: Sendable {
    public static let prefix = "/admin"
    /// Admin requests are small JSON documents.
    public static let defaultBodyLimit = 64 << 10

    private struct Route: Sendable {
        let method: String
        let pattern: String
        let bodyLimit: Int
        let handler: HTTPHandler
    }

    let adminKey: String?
    let logger: Logger
    private var routes: [Route] = []

    public init(adminKey: String?, logger: Logger = .disabled) {
        self.adminKey = adminKey
        self.logger = logger
    }

    /// Adds a route under `/admin`; its handler runs only for authorized requests.
    public mutating func add(_ method: String, _ pattern: String, bodyLimit: Int = defaultBodyLimit,
                             _ handler: @escaping HTTPHandler) {
        precondition(pattern.hasPrefix(Self.prefix + "/"), "admin routes live under \(Self.prefix)/")
        routes.append(Route(method: method, pattern: pattern, bodyLimit: bodyLimit, handler: handler))
    }

    public func register(in router: inout Router) {
        for route in routes {
            let handler = route.handler
            router.add(route.method, route.pattern, bodyLimit: route.bodyLimit) { [self] request in
                guard authorized(request) else { return unauthorized(request) }
                return try await handler(request)
            }
        }
        // Unknown admin paths say no more to a stranger than known ones do.
        router.setNotFound(prefix: Self.prefix) { [self] request in
            guard authorized(request) else { return unauthorized(request) }
            return Self.error(404, "no such admin route")
        }
    }

    /// `Authorization: Bearer KEY` (RFC 6750 §2.1; the scheme is case-insensitive,
    /// RFC 9110 §11.1), compared in constant time.
    func authorized(_ request: HTTPRequest) -> Bool {
        guard let adminKey, let field = request.headers["Authorization"] else { return false }
        let parts = field.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let presented = parts[1].trimmingCharacters(in: .whitespaces)
        return constantTimeEquals(Array(presented.utf8), Array(adminKey.utf8))
    }

    private func unauthorized(_ request: HTTPRequest) -> HTTPResponse {
        logger.info("admin_unauthorized", ["method": request.method, "path": request.path,
                                           "remote": request.remoteAddress ?? ""])
        var response = Self.error(401, adminKey == nil
            ? "the admin routes are off: set MIRROR_ADMIN_KEY"
            : "a valid admin key is required (Authorization: Bearer ...)")
        response.headers.set("WWW-Authenticate", #"Bearer realm="clerk-mirror admin""#)
        return response
    }

    /// `{"error":"..."}` with `status`: the admin routes' error body.
    public static func error(_ status: Int, _ message: String) -> HTTPResponse {
        .json(status, operatorJSON(["error": message]))
    }
}
