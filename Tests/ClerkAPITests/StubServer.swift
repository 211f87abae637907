// A tiny HTTP/1.1 server on 127.0.0.1 for the tests, over raw sockets: one thread accepts,
// one thread per connection, one request per connection, then `Connection: close`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// One request as the stub server read it.
struct StubRequest: Sendable {
    var method: String
    /// The request target as sent, e.g. `/v1/users?limit=2`.
    var target: String
    var headers: [(name: String, value: String)]
    /// When the request line and headers had arrived (monotonic).
    var receivedAt: ContinuousClock.Instant

    var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
    var rawQuery: String? {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    /// Query pairs, percent-decoded the way servers do (`+` is a space).
    var queryItems: [(String, String)] {
        guard let rawQuery, !rawQuery.isEmpty else { return [] }
        func decode(_ text: Substring) -> String {
            (String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding) ?? "<bad>"
        }
        return rawQuery.split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(kv[0]), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What the stub does with a request.
enum StubAction: Sendable {
    /// A full response with `Content-Length` and `Connection: close`.
    case respond(status: Int, headers: [(String, String)], body: [UInt8])
    /// These exact bytes, then close (for truncated or odd answers).
    case raw([UInt8])
    /// Never answer; wait until the client goes away (or the server stops).
    case hang
    /// Wait, then do the action.
    indirect case delay(Duration, StubAction)

    static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> StubAction {
        .respond(status: status, headers: [("Content-Type", "application/json")] + headers,
                 body: Array(body.utf8))
    }
}

final class StubServer: Sendable {
    typealias Handler = @Sendable (_ request: StubRequest, _ index: Int) -> StubAction

    let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let state = Mutex<(requests: [StubRequest], connections: Set<Int32>, stopped: Bool)>(([], [], false))

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The requests seen so far, in arrival order.
    var requests: [StubRequest] { state.withLock { $0.requests } }

    init(_ handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StubError("socket: \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else { close(fd); throw StubError("bind/listen: \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
        self.listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting and drops open connections.
    func stop() {
        let open: Set<Int32>? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            return state.connections
        }
        guard let open else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                break
            }
            let keep = state.withLock { state in
                guard !state.stopped else { return false }
                state.connections.insert(fd)
                return true
            }
            guard keep else { close(fd); break }
            let thread = Thread { [self] in serve(fd) }
            thread.start()
        }
        close(listener)
    }

    private func serve(_ fd: Int32) {
        defer {
            state.withLock { _ = $0.connections.remove(fd) }
            close(fd)
        }
        guard let request = readRequest(fd) else { return }
        let index = state.withLock { state in
            state.requests.append(request)
            return state.requests.count - 1
        }
        perform(handler(request, index), on: fd)
    }

    private func perform(_ action: StubAction, on fd: Int32) {
        switch action {
        case .respond(let status, let headers, let body):
            var head = "HTTP/1.1 \(status) \(reason(status))\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            write(fd, Array(head.utf8) + body)
        case .raw(let bytes):
            write(fd, bytes)
        case .hang:
            // Returns when the client closes (or stop() shuts the socket down).
            var buffer = [UInt8](repeating: 0, count: 1024)
            while recv(fd, &buffer, buffer.count, 0) > 0 {}
        case .delay(let duration, let next):
            Thread.sleep(forTimeInterval: Double(duration.components.seconds)
                         + Double(duration.components.attoseconds) / 1e18)
            perform(next, on: fd)
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
        shutdown(fd, Int32(SHUT_WR))
        // Let the client read everything before the socket is closed.
        var buffer = [UInt8](repeating: 0, count: 1024)
        var tv = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        while recv(fd, &buffer, buffer.count, 0) > 0 {}
    }

    /// Reads the request line and headers (GET only: no body is read).
    private func readRequest(_ fd: Int32) -> StubRequest? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = data.firstRange(of: terminator) {
                let text = String(decoding: data[..<end.lowerBound], as: UTF8.self)
                var lines = text.components(separatedBy: "\r\n")
                let requestLine = lines.removeFirst().split(separator: " ")
                guard requestLine.count == 3 else { return nil }
                let headers = lines.compactMap { line -> (name: String, value: String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]),
                            line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                return StubRequest(method: String(requestLine[0]), target: String(requestLine[1]),
                                   headers: headers, receivedAt: .now)
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            data.append(contentsOf: buffer[..<n])
        }
    }

    private func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 302: "Found"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}

struct StubError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
func refusedPort() throws -> UInt16 {
    let server = try StubServer { _, _ in .hang }
    let port = server.port
    server.stop()
    Thread.sleep(forTimeInterval: 0.05)
    return port
}
