/// Request line and header section, with the framing decided from them.
struct HTTPRequestHead: Sendable {
    enum Framing: Equatable, Sendable {
        case none
        case length(Int)
        case chunked
    }

    var method = ""
    var target = ""
    var version = HTTPVersion.http1_1
    var headers = HTTPHeaders()
    var framing = Framing.none
    /// Whether the connection may stay open after this exchange (RFC 9112 §9.3).
    var keepAlive = true
    /// `Expect: 100-continue` on an HTTP/1.1 request (RFC 9110 §10.1.1: ignored for 1.0).
    var expectsContinue = false

    var hasBody: Bool {
        switch framing {
        case .none, .length(0): false
        default: true
        }
    }
}
