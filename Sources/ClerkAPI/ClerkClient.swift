import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging

/// The Clerk Backend API client: users (and, later, sessions) as raw JSON.
///
/// Every request waits on the shared `RateLimiter` before it is sent, retries follow
/// `RetryPolicy`, and errors are `ClerkAPIError` (or `CancellationError` when the calling
/// task is cancelled). Make one per process and share it; it is `Sendable`.
public final class ClerkClient: Sendable {
    public let configuration: ClerkClientConfiguration
    /// The process's limiter; pass the same one to every client.
    public let rateLimiter: RateLimiter
    /// Responses by status, transport errors, retries.
    public let metrics: ClerkAPIMetrics

    private let logger: Logger
    private let transport: HTTPTransport
    /// `…/v1`, or why the configuration cannot be used.
    private let apiBase: Result<String, ClerkAPIError>

    /// - Parameters:
    ///   - rateLimiter: the process's limiter; nil makes one at `configuration.requestsPerSecond`.
    ///   - logger: retries and clamped `Retry-After` values are logged here.
    public init(configuration: ClerkClientConfiguration, logger: Logger,
                rateLimiter: RateLimiter? = nil, metrics: ClerkAPIMetrics = ClerkAPIMetrics()) {
        self.configuration = configuration
        self.rateLimiter = rateLimiter ?? RateLimiter(requestsPerSecond: configuration.requestsPerSecond)
        self.metrics = metrics
        self.logger = logger
        self.transport = HTTPTransport(timeout: configuration.timeout)
        self.apiBase = Self.apiBase(configuration)
    }

    private static func apiBase(_ configuration: ClerkClientConfiguration) -> Result<String, ClerkAPIError> {
        let url = configuration.baseURL
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              url.host != nil, url.query == nil, url.fragment == nil else {
            return .failure(.invalidRequest("base URL must be http(s)://host[:port][/path]"))
        }
        let key = configuration.secretKey
        if key.isEmpty { return .failure(.invalidRequest("the secret key is empty")) }
        if key.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value > 0x7e }) {
            return .failure(.invalidRequest("the secret key has spaces or control characters"))
        }
        if configuration.timeout <= .zero { return .failure(.invalidRequest("timeout must be above zero")) }
        var base = url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        if !base.hasSuffix("/v1") { base += "/v1" }
        return .success(base)
    }

    // MARK: Users

    /// `GET /v1/users`: one page, in Clerk's order. The body is validated whole; a
    /// malformed or truncated one throws `.malformedResponse` and returns nothing.
    public func listUsers(_ query: UserListQuery) async throws -> UserPage {
        try query.validate()
        let response = try await send(path: "/users", query: query.queryItems, endpoint: "GET /v1/users")
        let users = try ClerkUserJSON.parseList([UInt8](response.body))
        return UserPage(users: users, traceID: response.header("Clerk-Trace-Id"))
    }

    /// `GET /v1/users/count` (`{"object":"total_count","total_count":N}`), with the same
    /// filters as `listUsers` (paging fields are not sent).
    public func countUsers(_ filter: UserListQuery = UserListQuery()) async throws -> Int {
        try filter.validate()
        let response = try await send(path: "/users/count", query: filter.filterItems,
                                      endpoint: "GET /v1/users/count")
        struct TotalCount: Decodable {
            var object: String?
            var total_count: Int
        }
        guard let count = try? JSONDecoder().decode(TotalCount.self, from: response.body),
              count.object == nil || count.object == "total_count", count.total_count >= 0 else {
            throw ClerkAPIError.malformedResponse("user count: expected {\"object\":\"total_count\",\"total_count\":N}")
        }
        return count.total_count
    }

    /// `GET /v1/users/{id}`. Nil only on 404 with Clerk's `resource_not_found` code; a 404
    /// without it (a wrong base URL, a proxy) is thrown, so that it is never taken for a
    /// deleted user.
    public func getUser(id: String) async throws -> ClerkUserJSON? {
        guard !id.isEmpty, id != ".", id != ".." else {
            throw ClerkAPIError.invalidRequest("user id must not be empty, \".\" or \"..\"")
        }
        let response: HTTPTransport.Response
        do {
            response = try await send(path: "/users/" + percentEncode(id), query: [],
                                      endpoint: "GET /v1/users/{id}")
        } catch let error as ClerkAPIError where error.status == 404 && error.code == "resource_not_found" {
            return nil
        }
        let user = try ClerkUserJSON.parseSingle([UInt8](response.body))
        guard user.id == id else {
            throw ClerkAPIError.malformedResponse("asked for user \(id), got \(user.id)")
        }
        return user
    }

    // MARK: Sending

    /// Sends a GET through the rate limiter with the retry policy; returns a 2xx response.
    func send(path: String, query: [(String, String)], endpoint: String) async throws -> HTTPTransport.Response {
        let base = try apiBase.get()
        let text = base + path + (query.isEmpty ? "" : "?" + encodeQuery(query))
        guard let url = URL(string: text) else { throw ClerkAPIError.invalidRequest("cannot build the URL for \(endpoint)") }
        var request = URLRequest(url: url)
        request.httpMethod = "GET"
        request.setValue("Bearer " + configuration.secretKey, forHTTPHeaderField: "Authorization")
        request.setValue(configuration.apiVersion, forHTTPHeaderField: "Clerk-API-Version")
        request.setValue(configuration.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("application/json", forHTTPHeaderField: "Accept")

        let policy = configuration.retryPolicy
        var attempt = 0
        while true {
            attempt += 1
            if attempt > 1 { metrics.recordRetry() }
            try Task.checkCancellation()
            try await rateLimiter.acquire(maxWait: policy.maxRateLimitWait)

            let error: ClerkAPIError
            do {
                let response = try await transport.perform(request)
                metrics.recordResponse(status: response.status)
                if (200...299).contains(response.status) { return response }
                error = .fromResponse(status: response.status, body: response.body,
                                      traceIDHeader: response.header("Clerk-Trace-Id"),
                                      retryAfter: response.status == 429
                                          ? parseRetryAfter(response.header("Retry-After")) : nil)
            } catch let transportError as ClerkAPIError {
                metrics.recordTransportError()
                error = transportError
            }

            guard error.isRetryable else { throw error }
            guard attempt < max(policy.maxAttempts, 1) else {
                logger.warning("clerk_api_giving_up", [
                    "endpoint": endpoint, "status": error.status.map(String.init) ?? "none",
                    "attempts": String(attempt), "error": error.description,
                ])
                throw error
            }

            if error.status == 429 {
                let wait = retryAfterWait(error, endpoint: endpoint)
                await rateLimiter.pause(for: wait)
                logger.warning("clerk_api_rate_limited", [
                    "endpoint": endpoint, "status": "429", "attempt": String(attempt),
                    "wait": formatSeconds(wait),
                ])
            } else {
                let wait = policy.backoff(beforeRetry: attempt)
                logger.warning("clerk_api_retry", [
                    "endpoint": endpoint, "status": error.status.map(String.init) ?? "none",
                    "attempt": String(attempt), "wait": formatSeconds(wait), "error": error.description,
                ])
                try await Task.sleep(for: wait)
            }
        }
    }

    /// The pause after a 429: `Retry-After`, else the default, clamped to the maximum.
    private func retryAfterWait(_ error: ClerkAPIError, endpoint: String) -> Duration {
        let policy = configuration.retryPolicy
        guard case .http(_, _, _, _, _, let retryAfter) = error, let retryAfter else {
            return policy.defaultRetryAfter
        }
        if retryAfter > policy.maxRetryAfter {
            logger.warning("clerk_api_retry_after_clamped", [
                "endpoint": endpoint, "retry_after": formatSeconds(retryAfter),
                "clamped_to": formatSeconds(policy.maxRetryAfter),
            ])
            return policy.maxRetryAfter
        }
        return max(retryAfter, .zero)
    }
}

/// `Retry-After`: delay-seconds (decimals tolerated) or an HTTP-date. Nil when absent or
/// unreadable.
func parseRetryAfter(_ value: String?, now: Date = Date()) -> Duration? {
    guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
    if let seconds = Double(text) {
        guard seconds.isFinite, seconds >= 0 else { return nil }
        return .nanoseconds(Int64(min(seconds, 1e9) * 1e9))
    }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    guard let date = formatter.date(from: text) else { return nil }
    let seconds = max(date.timeIntervalSince(now), 0)
    return .nanoseconds(Int64(min(seconds, 1e9) * 1e9))
}
