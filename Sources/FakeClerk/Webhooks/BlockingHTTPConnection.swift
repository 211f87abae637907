import Glibc

/// One HTTP/1.1 client connection over a blocking socket, kept alive between exchanges.
/// Every call blocks: use it only on a dedicated `Thread`, never on Swift's cooperative pool.
/// Not thread-safe; one owner at a time.
final class BlockingHTTPConnection {
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        /// Whether the connection may carry another request (RFC 9112 §9.3).
        var keepAlive: Bool

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    let endpoint: HTTPEndpoint
    private let fd: Int32
    private var input = ResponseReader()
    private var isClosed = false
    /// Whether an exchange completed on this connection (so a failure may be a stale reuse).
    private(set) var hasExchanged = false

    /// Connects; `timeout` bounds the connect and every later send or receive call.
    init(endpoint: HTTPEndpoint, timeout: Duration) throws(HTTPClientError) {
        self.endpoint = endpoint
        self.fd = try Self.connect(host: endpoint.host, port: endpoint.port, timeout: timeout)
    }

    deinit { close() }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    /// Sends one request (to `target`, else the endpoint's) and reads its whole response.
    func exchange(method: String, target: String? = nil, headers: [(String, String)], body: [UInt8])
        throws(HTTPClientError) -> Response {
        var head = "\(method) \(target ?? endpoint.target) HTTP/1.1\r\nHost: \(endpoint.hostHeader)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        try write(Array(head.utf8) + body)
        let response = try input.readResponse(isHead: method == "HEAD") { buffer throws(HTTPClientError) in
            try self.read(into: buffer)
        }
        hasExchanged = true
        return response
    }

    private func write(_ bytes: [UInt8]) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                offset += sent
                continue
            }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut }
            if code == EPIPE || code == ECONNRESET { throw .closed(beforeResponse: true) }
            throw .send(code)
        }
    }

    /// Fills `buffer`; 0 at end of stream.
    private func read(into buffer: UnsafeMutableRawBufferPointer) throws(HTTPClientError) -> Int {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut }
            if code == ECONNRESET { return 0 }
            throw .receive(code)
        }
    }

    private static func connect(host: String, port: Int, timeout: Duration) throws(HTTPClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .resolve(String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            // SO_SNDTIMEO also bounds a blocking connect on Linux (socket(7)).
            let seconds = timeout.components.seconds
            let micros = timeout.components.attoseconds / 1_000_000_000_000
            var time = timeval(tv_sec: Int(seconds), tv_usec: Int(micros))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return fd }
            lastError = errno == EINPROGRESS ? ETIMEDOUT : errno
            Glibc.close(fd)
        }
        throw lastError == ETIMEDOUT ? .timedOut : .connect(lastError)
    }
}
