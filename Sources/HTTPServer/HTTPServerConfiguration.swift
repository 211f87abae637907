import Logging

/// Everything the server needs besides its routes. Defaults suit production; tests shorten the timeouts.
public struct HTTPServerConfiguration: Sendable {
    public typealias Observer = @Sendable (_ routePattern: String, _ method: String, _ status: Int, _ seconds: Double) -> Void

    /// Numeric IPv4 or IPv6 literal ("127.0.0.1", "::1", "[::1]", "0.0.0.0", "::"); "localhost" means 127.0.0.1.
    public var host: String
    /// 0 picks a free port; `HTTPServer.start()` returns the bound one.
    public var port: Int
    public var backlog: Int32
    /// Longest request line; longer → 414.
    public var maxRequestLineBytes: Int
    /// Largest header section (field lines with CRLF); larger → 431. Trailers get the same budget.
    public var maxHeaderBytes: Int
    /// Most header fields; more → 431.
    public var maxHeaderCount: Int
    /// Longest chunk-size line including extensions; longer → 400.
    public var maxChunkLineBytes: Int
    /// Body limit for routes that set none; larger → 413.
    public var defaultBodyLimit: Int
    /// Time from connection or first byte of a request until its header section is complete; then 408 and close.
    public var headerReadTimeout: Duration
    /// Keep-alive idle time before closing, and inactivity limit while reading a body or writing.
    public var idleTimeout: Duration
    /// Open connections beyond this get 503 and are closed.
    public var maxConnections: Int
    /// How long `shutdown()` lets in-flight requests finish before closing everything.
    public var shutdownGracePeriod: Duration
    public var logger: Logger
    /// Called after each response: route pattern ("" when no route matched), method, status, seconds.
    public var observer: Observer?

    public init(host: String = "127.0.0.1", port: Int = 8080, backlog: Int32 = 1024,
                maxRequestLineBytes: Int = 8192, maxHeaderBytes: Int = 32768, maxHeaderCount: Int = 100,
                maxChunkLineBytes: Int = 4096, defaultBodyLimit: Int = 1 << 20,
                headerReadTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60),
                maxConnections: Int = 4096, shutdownGracePeriod: Duration = .seconds(10),
                logger: Logger = .disabled, observer: Observer? = nil) {
        self.host = host
        self.port = port
        self.backlog = backlog
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxChunkLineBytes = maxChunkLineBytes
        self.defaultBodyLimit = defaultBodyLimit
        self.headerReadTimeout = headerReadTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.shutdownGracePeriod = shutdownGracePeriod
        self.logger = logger
        self.observer = observer
    }

    var parserLimits: HTTPParser.Limits {
        HTTPParser.Limits(maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes,
                          maxHeaderCount: maxHeaderCount, maxChunkLineBytes: maxChunkLineBytes)
    }
}
