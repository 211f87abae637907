import Foundation

/// When and how long the client retries.
///
/// - 429: waits `Retry-After` (default `defaultRetryAfter` when absent or unreadable,
///   clamped to `maxRetryAfter`) by pausing the shared rate limiter, then retries.
/// - 408, 5xx, timeouts and network errors: exponential backoff with full jitter, a random
///   wait in `0 ... min(maxBackoff, baseBackoff * 2^(retry - 1))`.
/// - Other 4xx, malformed bodies: thrown at once.
/// Every kind counts towards `maxAttempts`; after the last attempt the last error is thrown.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per call, the first included (1 means no retry). Default 5.
    public var maxAttempts: Int
    /// Default 0.5 s.
    public var baseBackoff: Duration
    /// Default 30 s.
    public var maxBackoff: Duration
    /// Full jitter (a uniform random wait up to the exponential bound). Off gives the bound
    /// itself, for predictable tests. Default on.
    public var jitter: Bool
    /// The wait after a 429 without a usable `Retry-After`. Default 1 s.
    public var defaultRetryAfter: Duration
    /// Longer `Retry-After` values are clamped to this (and a warning logged). Default 60 s.
    public var maxRetryAfter: Duration
    /// The longest one attempt may wait on the rate limiter (queue plus 429 pause) before
    /// the call gives up with `.rateLimitWaitExceeded`; nil waits as long as it takes.
    /// Default 120 s.
    public var maxRateLimitWait: Duration?

    public init(maxAttempts: Int = 5, baseBackoff: Duration = .milliseconds(500),
                maxBackoff: Duration = .seconds(30), jitter: Bool = true,
                defaultRetryAfter: Duration = .seconds(1), maxRetryAfter: Duration = .seconds(60),
                maxRateLimitWait: Duration? = .seconds(120)) {
        self.maxAttempts = maxAttempts
        self.baseBackoff = baseBackoff
        self.maxBackoff = maxBackoff
        self.jitter = jitter
        self.defaultRetryAfter = defaultRetryAfter
        self.maxRetryAfter = maxRetryAfter
        self.maxRateLimitWait = maxRateLimitWait
    }

    public static let `default` = RetryPolicy()

    /// The wait before retry number `retry` (1 for the first retry) after a 5xx or
    /// transport error.
    public func backoff(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 62)
        let bound = min(baseBackoff.seconds * pow(2, Double(exponent)), maxBackoff.seconds)
        let seconds = jitter ? Double.random(in: 0...max(bound, 0)) : bound
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}

/// Everything the Backend API client needs, with documented defaults.
public struct ClerkClientConfiguration: Sendable {
    /// Without `/v1` (appended by the client; a base already ending in `/v1` is kept as is).
    /// Default `https://api.clerk.com`.
    public var baseURL: URL
    /// `sk_live_…` / `sk_test_…`. Sent only in the `Authorization` header; never logged and
    /// never part of an error's description.
    public var secretKey: String
    /// `Clerk-API-Version`. Default `2026-05-12`.
    public var apiVersion: String
    /// `User-Agent`, e.g. `clerk-mirror/1.2.0`.
    public var userAgent: String
    /// The longest one attempt may take, from sending to the last byte of the answer.
    /// Default 30 s.
    public var timeout: Duration
    /// `CLERK_API_RATE`: requests started per second, may be fractional. Default 20. Used
    /// when the client makes its own `RateLimiter`.
    public var requestsPerSecond: Double
    public var retryPolicy: RetryPolicy

    public static let defaultBaseURL = URL(string: "https://api.clerk.com")!
    public static let defaultAPIVersion = "2026-05-12"

    /// - Parameter version: the mirror's version, giving `User-Agent: clerk-mirror/<version>`.
    public init(baseURL: URL = ClerkClientConfiguration.defaultBaseURL, secretKey: String,
                apiVersion: String = ClerkClientConfiguration.defaultAPIVersion,
                version: String, timeout: Duration = .seconds(30),
                requestsPerSecond: Double = 20, retryPolicy: RetryPolicy = .default) {
        self.baseURL = baseURL
        self.secretKey = secretKey
        self.apiVersion = apiVersion
        self.userAgent = "clerk-mirror/\(version)"
        self.timeout = timeout
        self.requestsPerSecond = requestsPerSecond
        self.retryPolicy = retryPolicy
    }
}

extension ClerkClientConfiguration: CustomStringConvertible {
    /// Shows the settings without the secret key (only its `sk_live_`/`sk_test_` kind).
    public var description: String {
        let kind = secretKey.hasPrefix("sk_live_") ? "sk_live_…" : secretKey.hasPrefix("sk_test_") ? "sk_test_…" : "…"
        return "ClerkClientConfiguration(baseURL: \(baseURL.absoluteString), secretKey: \(kind), "
            + "apiVersion: \(apiVersion), userAgent: \(userAgent), timeout: \(formatSeconds(timeout)), "
            + "requestsPerSecond: \(requestsPerSecond), maxAttempts: \(retryPolicy.maxAttempts))"
    }
}
