import Foundation

/// What can go wrong talking to the Clerk Backend API.
///
/// `description` is one line and never contains the secret key, the `Authorization`
/// header or a request URL's query (which may carry email addresses).
public enum ClerkAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Clerk answered with a non-2xx status. The fields come from Clerk's error body
    /// (`{"errors":[{"message","long_message","code"}],"clerk_trace_id"}`), the first error
    /// only; they are nil when the body is not Clerk's JSON. `traceID` is the body's
    /// `clerk_trace_id`, else the `Clerk-Trace-Id` header. `retryAfter` is the parsed
    /// `Retry-After` header, as sent (not clamped).
    case http(status: Int, code: String?, message: String?, longMessage: String?,
              traceID: String?, retryAfter: Duration?)
    /// No usable HTTP answer: timeout, connection refused or reset, DNS, TLS, redirect.
    case transport(String)
    /// A 2xx answer whose body is not what the endpoint promises (bad or truncated JSON,
    /// wrong shape, missing `id`/`created_at`/`updated_at`). Nothing of it is returned.
    case malformedResponse(String)
    /// The rate limiter (paused by a 429, or queued behind other callers) would make this
    /// call wait longer than `RetryPolicy.maxRateLimitWait`; the request was not sent.
    case rateLimitWaitExceeded(wait: Duration)
    /// The call was refused before sending: a bad argument or configuration.
    case invalidRequest(String)

    /// Whether sending the same request again may succeed: 429, 408, 5xx and transport
    /// errors. Other 4xx, malformed bodies and invalid requests are not retried.
    public var isRetryable: Bool {
        switch self {
        case .http(let status, _, _, _, _, _):
            status == 429 || status == 408 || (500...599).contains(status)
        case .transport: true
        case .malformedResponse, .rateLimitWaitExceeded, .invalidRequest: false
        }
    }

    /// The HTTP status, for `.http` only.
    public var status: Int? {
        if case .http(let status, _, _, _, _, _) = self { return status }
        return nil
    }

    /// Clerk's error code (e.g. `resource_not_found`), for `.http` only.
    public var code: String? {
        if case .http(_, let code, _, _, _, _) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .http(let status, let code, let message, let longMessage, let traceID, let retryAfter):
            var text = "Clerk API answered HTTP \(status)"
            if let code { text += " \(code)" }
            if let detail = longMessage ?? message { text += ": \(detail)" }
            if let retryAfter { text += " (retry after \(formatSeconds(retryAfter)))" }
            if let traceID { text += " [trace \(traceID)]" }
            return oneLine(text)
        case .transport(let reason):
            return oneLine("Clerk API request failed: \(reason)")
        case .malformedResponse(let reason):
            return oneLine("Clerk API answer is malformed: \(reason)")
        case .rateLimitWaitExceeded(let wait):
            return "Clerk API rate limiter would wait \(formatSeconds(wait)), more than allowed"
        case .invalidRequest(let reason):
            return oneLine("Clerk API request refused before sending: \(reason)")
        }
    }
}

/// Seconds with up to three decimals, e.g. `1.5 s`.
func formatSeconds(_ duration: Duration) -> String {
    var text = Substring(String(format: "%.3f", duration.seconds))
    while text.hasSuffix("0") { text = text.dropLast() }
    if text.hasSuffix(".") { text = text.dropLast() }
    return "\(text) s"
}

/// Control characters (newlines included) become spaces; long texts are cut.
func oneLine(_ text: String, limit: Int = 500) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        let isBreak = scalar.properties.generalCategory == .control
            || scalar == "\u{2028}" || scalar == "\u{2029}"
        scalars.append(isBreak ? " " : scalar)
    }
    let result = String(scalars)
    return result.count > limit ? String(result.prefix(limit)) + "…" : result
}

extension Duration {
    /// The duration as fractional seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Clerk's error body, `ClerkErrors` in the OpenAPI; every field optional so that
/// half-formed bodies still give what they have.
struct ClerkErrorBody: Decodable {
    struct Item: Decodable {
        var message: String?
        var long_message: String?
        var code: String?
    }
    var errors: [Item]?
    var clerk_trace_id: String?
}

extension ClerkAPIError {
    /// Builds `.http` from a response; tolerates bodies that are not JSON.
    static func fromResponse(status: Int, body: Data, traceIDHeader: String?,
                             retryAfter: Duration?) -> ClerkAPIError {
        let decoded = try? JSONDecoder().decode(ClerkErrorBody.self, from: body)
        let first = decoded?.errors?.first
        func clean(_ value: String?) -> String? {
            guard let value, !value.isEmpty else { return nil }
            return oneLine(value, limit: 300)
        }
        return .http(status: status, code: clean(first?.code), message: clean(first?.message),
                     longMessage: clean(first?.long_message),
                     traceID: clean(decoded?.clerk_trace_id) ?? clean(traceIDHeader),
                     retryAfter: retryAfter)
    }
}
