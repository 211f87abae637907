/// A complete request as handed to a handler.
public struct HTTPRequest: Sendable {
    /// Method token exactly as sent (methods are case-sensitive, RFC 9110 §9.1).
    public var method: String
    /// The raw request-target, undecoded.
    public var target: String
    /// Percent-decoded path, without the query.
    public var path: String
    public var query: QueryParameters
    public var headers: HTTPHeaders
    /// Body bytes exactly as received; chunked framing already removed.
    public var body: [UInt8]
    public var version: HTTPVersion
    /// Values captured by `{name}` segments of the matched route pattern.
    public var pathParameters: [String: String]
    /// The peer's IP address, when known.
    public var remoteAddress: String?

    /// Builds a request from a target; path and query are derived from it. Handy in handler tests.
    public init(method: String, target: String, headers: HTTPHeaders = [], body: [UInt8] = [],
                version: HTTPVersion = .http1_1, pathParameters: [String: String] = [:],
                remoteAddress: String? = nil) {
        let parts = RequestTarget(target)
        self.method = method
        self.target = target
        self.path = parts.flatMap { PercentDecoding.decode($0.path, plusAsSpace: false, strict: false) } ?? target
        self.query = parts?.query.map { QueryParameters(parsing: $0) } ?? QueryParameters()
        self.headers = headers
        self.body = body
        self.version = version
        self.pathParameters = pathParameters
        self.remoteAddress = remoteAddress
    }

    init(method: String, target: String, path: String, query: QueryParameters, headers: HTTPHeaders,
         body: [UInt8], version: HTTPVersion, pathParameters: [String: String], remoteAddress: String?) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.version = version
        self.pathParameters = pathParameters
        self.remoteAddress = remoteAddress
    }
}
