import CLibPQ
import Foundation
import Logging
import Synchronization

/// Waits for `NOTIFY` on one channel and calls `onNotification` for each, so a process learns
/// of rows another process committed without polling.
///
/// The connection lives on a dedicated thread that blocks in `poll(2)` on libpq's socket
/// (https://www.postgresql.org/docs/15/libpq-notify.html), never on Swift's cooperative pool.
/// A dropped connection is re-made, and `onNotification` is called once after reconnecting,
/// since anything sent meanwhile was missed.
public final class PostgresListener: Sendable {
    private let options: PostgresConnectionOptions
    private let channel: String
    private let logger: Logger
    private let onNotification: @Sendable () -> Void
    private let stopped = Atomic<Bool>(false)
    private let finished = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    /// - Parameter channel: a plain identifier (letters, digits, underscores).
    public init(options: PostgresConnectionOptions, channel: String, logger: Logger,
                onNotification: @escaping @Sendable () -> Void) {
        precondition(channel.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }, "channel must be an identifier")
        self.options = options
        self.channel = channel
        self.logger = logger
        self.onNotification = onNotification
    }

    public func start() {
        let thread = Thread { [self] in
            self.loop()
            let waiters = self.finished.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.done = true
                defer { state.waiters.removeAll() }
                return state.waiters
            }
            waiters.forEach { $0.resume() }
        }
        thread.name = "postgres-listen-\(channel)"
        thread.start()
    }

    /// Stops listening; returns once the thread has closed its connection.
    public func stop() async {
        stopped.store(true, ordering: .relaxed)
        await withCheckedContinuation { continuation in
            let done = finished.withLock { state -> Bool in
                if state.done { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func loop() {
        var reconnecting = false
        while !stopped.load(ordering: .relaxed) {
            do {
                let connection = try PostgresConnection(options: options)
                try connection.executeScript("LISTEN \(channel)")
                if reconnecting {
                    logger.info("listen_reconnected", ["channel": channel])
                    onNotification()
                }
                reconnecting = true
                try listen(on: connection)
            } catch {
                if stopped.load(ordering: .relaxed) { return }
                logger.warning("listen_failed", ["channel": channel, "error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }

    /// Returns when stopped; throws when the connection breaks.
    private func listen(on connection: PostgresConnection) throws {
        let socket = PQsocket(connection.handle)
        while !stopped.load(ordering: .relaxed) {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            // Wake at least twice a second to notice stop().
            let ready = poll(&descriptor, 1, 500)
            if ready < 0 && errno != EINTR {
                throw DatabaseError(kind: .connectionFailed, operation: "poll", message: String(cString: strerror(errno)))
            }
            if ready <= 0 { continue }
            guard PQconsumeInput(connection.handle) == 1 else {
                throw DatabaseError(kind: .connectionFailed, operation: "listen",
                                    message: PostgresConnection.oneLine(PQerrorMessage(connection.handle)))
            }
            var received = false
            while let notification = PQnotifies(connection.handle) {
                PQfreemem(notification)
                received = true
            }
            if received { onNotification() }
            if connection.isBroken {
                throw DatabaseError(kind: .connectionFailed, operation: "listen", message: "connection closed")
            }
        }
    }
}
