import HTTPServer

/// What every request goes through before and after its endpoint: numbering, the test hook,
/// injected faults, authentication, and the log.
extension FakeInstance {
    typealias Endpoint = @Sendable (FakeInstance, HTTPRequest, _ traceID: String) -> HTTPResponse

    func handle(_ request: HTTPRequest, endpoint: Endpoint) async -> HTTPResponse {
        let receivedAt = ContinuousClock.now
        let (number, faults, hook, slow) = traffic.withLock { traffic in
            traffic.requestCount += 1
            return (traffic.requestCount, traffic.faults, traffic.hook, traffic.draw(traffic.faults.slowShare))
        }
        hook?(number, request.path)
        let wait = faults.latency + (slow ? faults.slowLatency : .zero)
        if wait > .zero {
            try? await Task.sleep(for: wait)
        }
        let traceID = Self.traceID(seed: configuration.seed, request: number)
        let response = answer(request, number: number, traceID: traceID, endpoint: endpoint)
        let query = request.target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        traffic.withLock {
            $0.log.append(FakeClerkRequest(number: number, method: request.method, path: request.path, query: query,
                                           status: response.status, receivedAt: receivedAt))
        }
        return response
    }

    private func answer(_ request: HTTPRequest, number: Int, traceID: String, endpoint: Endpoint) -> HTTPResponse {
        // Read again: the hook or a test may have changed them during the latency.
        let faults = traffic.withLock { $0.faults }
        if let from = faults.failFromRequest, number >= from {
            return ClerkError.internalError.response(traceID: traceID)
        }
        if let refusal = authenticate(request) {
            return refusal.response(traceID: traceID)
        }
        let (admitted, serverError, truncate) = traffic.withLock { traffic in
            guard traffic.admit(at: .now) else { return (false, nil as Int?, false) }
            let serverError = traffic.draw(faults.serverErrorShare) ? [500, 502, 503][traffic.random.below(3)] : nil
            return (true, serverError, traffic.draw(faults.truncatedShare))
        }
        guard admitted else {
            var response = ClerkError.tooManyRequests.response(traceID: traceID)
            response.headers.set("Retry-After", String(max(faults.retryAfterSeconds, 0)))
            return response
        }
        switch serverError {
        case 500: return ClerkError.internalError.response(traceID: traceID)
        case 502: return Self.badGateway
        case 503: return ClerkError.serviceUnavailable.response(traceID: traceID)
        default: break
        }
        var response = endpoint(self, request, traceID)
        if truncate, response.status == 200 {
            response.body.removeLast(response.body.count - response.body.count / 2)
        }
        return response
    }

    /// `Authorization: Bearer <secret key>`, or why not.
    private func authenticate(_ request: HTTPRequest) -> ClerkError? {
        guard let header = request.headers["Authorization"] else { return .invalidAuthentication }
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .invalidAuthorizationHeader }
        return parts[1] == configuration.secretKey ? nil : .invalidSecretKey
    }

    /// A gateway's page, not Clerk's JSON: what a client meets when the edge cannot reach Clerk.
    static let badGateway = HTTPResponse(
        status: 502, headers: [("Content-Type", "text/html")],
        body: Array("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n".utf8))

    /// 32 hex digits, like Clerk's `clerk_trace_id`.
    static func traceID(seed: UInt64, request number: Int) -> String {
        let high = SplitMix64.hash(seed, 51, UInt64(number))
        let low = SplitMix64.hash(seed, 52, UInt64(number))
        func hex(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        return hex(high) + hex(low)
    }
}
