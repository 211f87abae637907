import Glibc

/// A non-blocking stream socket. Each syscall checks its result and throws `SocketError`;
/// "would block" is reported as nil so callers can wait on the event loop.
struct Socket: Sendable {
    let fd: Int32

    init(fd: Int32) {
        self.fd = fd
    }

    /// A bound, listening, non-blocking socket on an IPv4 or IPv6 literal ("::1", "[::1]", "127.0.0.1").
    static func listening(host: String, port: Int, backlog: Int32) throws -> Socket {
        let address = try SocketAddress(host: host, port: port)
        let fd = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError.failed("socket", errno) }
        let socket = Socket(fd: fd)
        do {
            try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
            if address.family == AF_INET6 {
                // An IPv6 listener serves IPv6 only; an IPv4 one can sit beside it on the same port.
                try socket.setOption(Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1)
            }
            try address.withSockAddr { pointer, length in
                guard Glibc.bind(fd, pointer, length) == 0 else { throw SocketError.failed("bind", errno) }
            }
            guard Glibc.listen(fd, backlog) == 0 else { throw SocketError.failed("listen", errno) }
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// The next pending connection, non-blocking, with its peer address; nil when none is pending.
    func accept() throws -> (Socket, String?)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Epoll.accept4(fd, $0, &length, Epoll.nonBlocking | Epoll.closeOnExec)
                }
            }
            if client >= 0 {
                let socket = Socket(fd: client)
                // Responses go out in one write; Nagle would only delay them (and 100 Continue).
                try? socket.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                return (socket, SocketAddress.host(of: storage))
            }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case let code: throw SocketError.failed("accept4", code)
            }
        }
    }

    /// Bytes read into `buffer`: 0 at end of stream, nil when nothing is available yet.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        while true {
            let count = Glibc.recv(fd, buffer.baseAddress, buffer.count, 0)
            if count >= 0 { return count }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case let code: throw SocketError.failed("recv", code)
            }
        }
    }

    /// Bytes written; nil when the send buffer is full. MSG_NOSIGNAL: a closed peer is an error, never SIGPIPE.
    func send(_ bytes: UnsafeRawBufferPointer) throws -> Int? {
        while true {
            let count = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return count }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return nil
            case let code: throw SocketError.failed("send", code)
            }
        }
    }

    func shutdownWrite() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    func close() {
        _ = Glibc.close(fd)
    }

    func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError.failed("setsockopt", errno)
        }
    }

    /// The bound port, for listeners on port 0.
    func localPort() throws -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw SocketError.failed("getsockname", errno) }
        return SocketAddress.port(of: storage)
    }
}
