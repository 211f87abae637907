import HTTPServer

/// One entry of Clerk's error body (`ClerkError` in the OpenAPI: `message`, `long_message`,
/// `code`, optional `meta`). Codes and texts come from Clerk's error catalogue
/// (`clerk-api-errors.excerpt.json`) where it has them.
struct ClerkError: Error, Sendable {
    var status: Int
    var code: StaticString
    var message: String
    var longMessage: String
    /// `meta.param_name`, for parameter errors.
    var parameter: String?

    static let invalidAuthentication = ClerkError(
        status: 401, code: "authentication_invalid", message: "Invalid authentication",
        longMessage: "Unable to authenticate the request, you need to supply an active session")
    static let invalidAuthorizationHeader = ClerkError(
        status: 401, code: "authorization_header_format_invalid", message: "Invalid Authorization header format",
        longMessage: "Invalid Authorization header format. Must be 'Bearer <YOUR_API_KEY>'")
    static let invalidSecretKey = ClerkError(
        status: 401, code: "clerk_key_invalid",
        message: "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
        longMessage: "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.")
    static let tooManyRequests = ClerkError(
        status: 429, code: "too_many_requests", message: "Too many requests",
        longMessage: "Too many requests, retry later")
    static let internalError = ClerkError(
        status: 500, code: "internal_clerk_error", message: "Oops, an unexpected error occurred",
        longMessage: "There was an internal error on our servers. We've been notified and are working on fixing it.")
    static let serviceUnavailable = ClerkError(
        status: 503, code: "service_unavailable", message: "Service unavailable", longMessage: "Service unavailable")
    static let resourceNotFound = ClerkError(
        status: 404, code: "resource_not_found", message: "not found", longMessage: "Resource not found")

    static func userNotFound(_ id: String) -> ClerkError {
        ClerkError(status: 404, code: "resource_not_found", message: "not found",
                   longMessage: "No user was found with id \(id)")
    }

    static func sessionNotFound(_ id: String) -> ClerkError {
        ClerkError(status: 404, code: "resource_not_found", message: "Session not found",
                   longMessage: "No session was found with id \(id)")
    }

    /// 422 for a value outside what the parameter takes.
    static func invalidValue(_ parameter: String, _ reason: String) -> ClerkError {
        ClerkError(status: 422, code: "form_param_value_invalid", message: "is invalid", longMessage: reason,
                   parameter: parameter)
    }

    /// 422 for a value that is not even of the parameter's type.
    static func invalidFormat(_ parameter: String, _ reason: String) -> ClerkError {
        ClerkError(status: 422, code: "form_param_format_invalid", message: "is invalid", longMessage: reason,
                   parameter: parameter)
    }

    /// 422 for a parameter the server does not know (the `rejectStartingAfter` fault).
    static func unknownParameter(_ parameter: String) -> ClerkError {
        ClerkError(status: 422, code: "form_param_unknown", message: "is unknown",
                   longMessage: "\(parameter) is not a valid parameter for this request.", parameter: parameter)
    }

    /// 400 when neither of the required parameters came (`GET /v1/sessions`).
    static func missingOneOf(_ parameters: [String]) -> ClerkError {
        ClerkError(status: 400, code: "missing_query_parameter", message: "Missing query parameter",
                   longMessage: "Either of the following query parameters must be provided: "
                       + parameters.joined(separator: ", ") + ".")
    }

    /// The error body `{"errors":[…],"clerk_trace_id":…}` as a response.
    func response(traceID: String) -> HTTPResponse {
        var json = JSONWriter(capacity: 320)
        json.beginObject()
        json.key("errors")
        json.beginArray()
        json.beginObject()
        json.field("message", message)
        json.field("long_message", longMessage)
        json.field("code", code)
        if let parameter {
            json.key("meta")
            json.beginObject()
            json.field("param_name", parameter)
            json.endObject()
        }
        json.endObject()
        json.endArray()
        json.field("clerk_trace_id", traceID)
        json.endObject()
        return .json(status, json.bytes)
    }
}
