import Glibc

/// Reading, writing and closing for a connection, suspending on the event loop when the socket would block.
extension HTTPConnection {
    /// Reads into the (empty) buffer; returns 0 at end of stream.
    func read() async throws -> Int {
        let idle = parser.isIdle
        let deadline: UInt64
        if idle {
            deadline = idleDeadline
        } else if parser.isReadingHead {
            if headDeadline == 0 { headDeadline = MonotonicClock.now() + context.headerTimeout }
            deadline = headDeadline
        } else {
            deadline = MonotonicClock.now() + context.idleTimeout
        }
        while true {
            if canRead, let count = try socket.receive(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[end...]))) {
                canRead = count == buffer.count - end
                end += count
                return count
            }
            canRead = false
            try await context.loop.wait(for: .read, on: socket.fd, deadline: deadline, idle: idle)
            canRead = true
        }
    }

    /// Writes all queued output, waiting for room as needed (bounded by the idle timeout).
    func flush() async throws {
        var offset = 0
        defer {
            // Keep a modest buffer for the next response, not the largest one ever sent.
            if output.capacity > 1 << 18 {
                output = []
                output.reserveCapacity(4096)
            } else {
                output.removeAll(keepingCapacity: true)
            }
        }
        let deadline = MonotonicClock.now() + context.idleTimeout
        while offset < output.count {
            let written = try output.withUnsafeBytes { bytes in
                try socket.send(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            }
            if let written {
                offset += written
            } else {
                do {
                    try await context.loop.wait(for: .write, on: socket.fd, deadline: deadline)
                } catch SocketError.timedOut {
                    // A client that stops reading gets no 408 queued behind what it did not read.
                    throw SocketError.failed("send", ETIMEDOUT)
                }
            }
        }
    }

    /// Sends an error answer, then closes without reading what the client may still be sending.
    func answerAndClose(_ status: Int) async {
        ResponseSerializer.appendError(status, dateLine: context.dates.headerLine(), to: &output)
        do {
            try await flush()
        } catch {
            return
        }
        await lingerAndClose()
    }

    /// Closing with unread input would send RST and could destroy the answer in flight; so shut
    /// down our side, then discard the peer's input for a short while before the real close.
    /// The cap is above any body limit the routes set (1 MiB for webhooks), so a client still
    /// sending a refused body (a 413) finishes and then reads the answer; the deadline bounds
    /// what a slow or endless sender costs.
    func lingerAndClose() async {
        socket.shutdownWrite()
        let deadline = MonotonicClock.now() + min(context.idleTimeout, 2_000_000_000)
        var discarded = 0
        canRead = true
        while discarded < Self.lingerDiscardLimit {
            start = 0
            end = 0
            guard let count = try? await read(until: deadline), count > 0 else { return }
            discarded += count
        }
    }

    static let lingerDiscardLimit = 4 << 20

    private func read(until deadline: UInt64) async throws -> Int {
        while true {
            if let count = try socket.receive(into: UnsafeMutableRawBufferPointer(buffer)) { return count }
            try await context.loop.wait(for: .read, on: socket.fd, deadline: deadline)
        }
    }

    func report(pattern: String, method: String, status: Int) {
        guard let observer = context.configuration.observer else { return }
        let seconds = pending.map { Double(MonotonicClock.now() - $0.started) / 1e9 } ?? 0
        observer(pattern, method, status, seconds)
    }
}
