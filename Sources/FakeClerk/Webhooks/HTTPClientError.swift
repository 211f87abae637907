import Glibc

/// Why an exchange over `BlockingHTTPConnection` failed. Says where, never what was sent.
enum HTTPClientError: Error, Sendable, CustomStringConvertible {
    case unsupportedURL
    case resolve(String)
    case connect(Int32)
    case send(Int32)
    case receive(Int32)
    case timedOut
    /// The peer closed before a complete response; `beforeResponse` when not one byte came
    /// (a kept-alive connection the server had already closed: safe to resend once).
    case closed(beforeResponse: Bool)
    case malformedResponse(String)

    var description: String {
        switch self {
        case .unsupportedURL: "only http://host[:port]/path URLs are supported"
        case .resolve(let reason): "cannot resolve host: \(reason)"
        case .connect(let code): "connect failed: \(Self.reason(code))"
        case .send(let code): "send failed: \(Self.reason(code))"
        case .receive(let code): "receive failed: \(Self.reason(code))"
        case .timedOut: "timed out"
        case .closed(let early): early ? "connection closed before any response" : "connection closed mid-response"
        case .malformedResponse(let reason): "malformed response: \(reason)"
        }
    }

    private static func reason(_ code: Int32) -> String {
        String(cString: strerror(code)) + " (errno \(code))"
    }
}
