import Logging

/// Serves one client connection: read, parse, route, answer, in order, until it closes.
///
/// Runs as one child task; the handler is awaited inline, so a connection costs no extra task per
/// request. Responses to pipelined requests collect in `output` and go out in one write.
final class HTTPConnection {
    struct Pending {
        var head: HTTPRequestHead
        var target: RequestTarget
        var path: String
        var match: Router.Match
        var started: UInt64
    }

    static let bufferSize = 16 * 1024

    let socket: Socket
    let remoteAddress: String?
    let context: ServerContext
    var parser: HTTPParser
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: HTTPConnection.bufferSize)
    var start = 0
    var end = 0
    /// False after a short or empty read: the kernel buffer was drained, so wait before reading.
    var canRead = true
    var output: [UInt8] = []
    var pending: Pending?
    /// Deadline of the header section in progress; 0 until its first byte.
    var headDeadline: UInt64
    /// Deadline for the next request's first byte.
    var idleDeadline: UInt64

    init(socket: Socket, remoteAddress: String?, context: ServerContext) {
        self.socket = socket
        self.remoteAddress = remoteAddress
        self.context = context
        self.parser = HTTPParser(limits: context.configuration.parserLimits)
        // A new connection gets the header timeout for its first request, counted from accept.
        let now = MonotonicClock.now()
        self.headDeadline = now + context.headerTimeout
        self.idleDeadline = headDeadline
        output.reserveCapacity(4096)
    }

    deinit {
        buffer.deallocate()
    }

    func run() async {
        do {
            try context.loop.register(socket.fd)
        } catch {
            context.logger.info("http.connection.register_failed", ["error": "\(error)"])
            socket.close()
            return
        }
        defer {
            context.loop.deregister(socket.fd)
            socket.close()
        }
        do {
            try await serve()
        } catch let error as HTTPParseError {
            context.logger.debug("http.request.rejected", ["status": "\(error.status)"])
            report(pattern: "", method: pending?.head.method ?? "", status: error.status)
            await answerAndClose(error.status)
        } catch SocketError.timedOut {
            // A request under way gets 408 (slowloris); an idle keep-alive connection just closes.
            if !parser.isIdle {
                report(pattern: "", method: "", status: 408)
                await answerAndClose(408)
            }
        } catch {
            context.logger.debug("http.connection.closed", ["reason": "\(error)"])
        }
    }

    private func serve() async throws {
        while true {
            while true {
                let (consumed, result) = try parser.parse(UnsafeBufferPointer(rebasing: buffer[start..<end]))
                start += consumed
                guard let result else { break }
                switch result {
                case .head(let head):
                    try await begin(head)
                case .message(let body):
                    let keepAlive = await respond(body)
                    // Cancelled means the shutdown grace period is over: close without answering.
                    if Task.isCancelled { return }
                    guard keepAlive else {
                        try await flush()
                        // Input the client pipelined after this request would turn a plain close into a reset.
                        await lingerAndClose()
                        return
                    }
                }
            }
            // The parser keeps partial lines itself, so the whole buffer is free again.
            start = 0
            end = 0
            if !output.isEmpty { try await flush() }
            guard try await read() > 0 else { return }
        }
    }

    /// Routes a head, applies the body limit, and sends 100 Continue when the body is wanted.
    private func begin(_ head: HTTPRequestHead) async throws {
        guard let target = RequestTarget(head.target),
              target.path != "*" || head.method == "OPTIONS",
              let segments = target.decodedSegments(),
              let path = PercentDecoding.decode(target.path, plusAsSpace: false, strict: true) else {
            throw HTTPParseError.badRequest
        }
        let match = context.router.route(method: head.method, segments: segments)
        var limit = context.configuration.defaultBodyLimit
        if case .matched(let route, _) = match, let routeLimit = route.bodyLimit { limit = routeLimit }
        pending = Pending(head: head, target: target, path: path, match: match, started: MonotonicClock.now())
        // Throws 413 from Content-Length alone, before any body byte is read.
        try parser.beginBody(limit: limit)
        // RFC 9110 §10.1.1: 100 only when the body is acceptable and has not started arriving.
        if head.expectsContinue && head.hasBody && start == end {
            output.append(contentsOf: ResponseSerializer.continueLine)
            try await flush()
        }
    }

    /// Runs the handler and queues its response; returns whether the connection stays open.
    private func respond(_ body: [UInt8]) async -> Bool {
        guard let pending else { preconditionFailure("message without head") }
        self.pending = nil
        headDeadline = 0
        let head = pending.head
        var request = HTTPRequest(
            method: head.method, target: head.target, path: pending.path,
            query: pending.target.query.map { QueryParameters(parsing: $0) } ?? QueryParameters(),
            headers: head.headers, body: body, version: head.version, pathParameters: [:],
            remoteAddress: remoteAddress)

        let response: HTTPResponse
        var pattern = ""
        switch pending.match {
        case .matched(let route, let parameters):
            pattern = route.pattern
            request.pathParameters = parameters
            do {
                response = try await route.handler(request)
            } catch {
                // The client learns nothing of the failure; the log gets the error, never the body.
                context.logger.info("http.handler.failed", ["route": pattern, "method": head.method, "error": "\(error)"])
                response = .text(500, "Internal Server Error\n")
            }
        case .notFound:
            response = .text(404, "Not Found\n")
        case .methodNotAllowed(let allow):
            var notAllowed = HTTPResponse.text(405, "Method Not Allowed\n")
            notAllowed.headers.add("Allow", allow.joined(separator: ", "))
            response = notAllowed
        }

        let keepAlive = head.keepAlive && !context.draining.load(ordering: .relaxed)
            && !response.headers.hasToken("Connection", "close")
        let field: ResponseSerializer.ConnectionField = !keepAlive ? .close : head.version == .http1_0 ? .keepAlive : .none
        ResponseSerializer.append(response, omitBody: head.method == "HEAD", connection: field,
                                  dateLine: context.dates.headerLine(), to: &output)
        if let observer = context.configuration.observer {
            let seconds = Double(MonotonicClock.now() - pending.started) / 1e9
            observer(pattern, head.method, response.status, seconds)
        }
        idleDeadline = MonotonicClock.now() + context.idleTimeout
        return keepAlive
    }
}
