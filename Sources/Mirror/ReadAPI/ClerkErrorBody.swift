import HTTPServer

/// An error answered on `/v1/*` in the Backend API's shape (`bapi-2026-05-12/common.yml`,
/// `ClerkErrors`): `{"errors":[{"message","long_message","code","meta"}],"clerk_trace_id"}`, so
/// Clerk's SDKs raise the same errors against the mirror as against Clerk.
struct ClerkErrorBody: Error, Sendable, Equatable {
    var status: Int
    var code: String
    var message: String
    var longMessage: String
    /// `meta.param_name`, the key Clerk's SDKs read (`ClerkAPIErrorJSON.meta.param_name`).
    var parameter: String?

    /// A query parameter the Backend API would refuse. The code and the message are what the
    /// Backend API answers for a bad list parameter (`"10.0 does not match one of the allowed
    /// values for parameter limit"`, code `form_param_value_invalid`, clerk/clerk-sdk-python
    /// issue 8); the long message follows `InvalidQueryParameterValue` in clerk-api-errors.
    static func invalidParameter(_ name: String, _ value: String, reason: String? = nil) -> ClerkErrorBody {
        ClerkErrorBody(status: 422, code: "form_param_value_invalid", message: "is invalid",
                       longMessage: reason ?? "\(value) does not match one of the allowed values for parameter \(name)",
                       parameter: name)
    }

    /// `UserNotFound` / `SessionNotFound` / `ResourceNotFound` of clerk-api-errors.
    static func notFound(_ longMessage: String = "Resource not found", message: String = "not found") -> ClerkErrorBody {
        ClerkErrorBody(status: 404, code: "resource_not_found", message: message, longMessage: longMessage)
    }

    /// No `Authorization` header at all (`InvalidAuthentication`).
    static let missingKey = ClerkErrorBody(
        status: 401, code: "authentication_invalid", message: "Invalid authentication",
        longMessage: "Unable to authenticate the request, you need to supply an active session")

    /// A header that is not `Bearer <key>` (`InvalidAuthorizationHeaderFormat`).
    static let malformedAuthorization = ClerkErrorBody(
        status: 401, code: "authorization_header_format_invalid", message: "Invalid Authorization header format",
        longMessage: "Invalid Authorization header format. Must be 'Bearer <YOUR_API_KEY>'")

    /// A key that is none of `MIRROR_API_KEYS` (`InvalidClerkSecretKey`).
    static let wrongKey = ClerkErrorBody(
        status: 401, code: "clerk_key_invalid",
        message: "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
        longMessage: "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.")

    /// The store did not answer (`ServiceUnavailable`); the SDKs may retry.
    static let unavailable = ClerkErrorBody(
        status: 503, code: "service_unavailable", message: "Service unavailable", longMessage: "Service unavailable")

    /// Something the mirror itself got wrong (`Unexpected`); details go to the log only.
    static let internalError = ClerkErrorBody(
        status: 500, code: "internal_clerk_error", message: "Oops, an unexpected error occurred",
        longMessage: "There was an internal error on our servers. We've been notified and are working on fixing it.")

    var response: HTTPResponse {
        var body: [UInt8] = []
        body.reserveCapacity(256)
        body.append(contentsOf: #"{"errors":[{"message":"#.utf8)
        JSONText.appendString(message, to: &body)
        body.append(contentsOf: #","long_message":"#.utf8)
        JSONText.appendString(longMessage, to: &body)
        body.append(contentsOf: #","code":"#.utf8)
        JSONText.appendString(code, to: &body)
        body.append(contentsOf: #","meta":{"#.utf8)
        if let parameter {
            body.append(contentsOf: #""param_name":"#.utf8)
            JSONText.appendString(parameter, to: &body)
        }
        body.append(contentsOf: #"}}],"clerk_trace_id":"#.utf8)
        JSONText.appendString(Self.traceID(), to: &body)
        body.append(UInt8(ascii: "}"))
        return .json(status, body)
    }

    /// A fresh id per error, as Clerk gives one, so an app's log line can be matched to ours.
    private static func traceID() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64, low = generator.next() as UInt64
        let hex = String(high, radix: 16) + String(low, radix: 16)
        return String(repeating: "0", count: max(0, 32 - hex.count)) + hex
    }
}
