import Logging
import Synchronization

/// An HTTP/1.1 server: `let port = try await server.start()`, later `await server.shutdown()`.
public final class HTTPServer: Sendable {
    public enum ServerError: Error, Sendable {
        case alreadyStarted
    }

    struct Running: Sendable {
        let context: ServerContext
        let listener: Socket
        let acceptTask: Task<Void, Never>
        let port: Int
    }

    enum State: Sendable {
        case idle
        case starting
        case running(Running)
        case stopping(Task<Void, Never>)
        case stopped
    }

    let configuration: HTTPServerConfiguration
    let router: Router
    let state = Mutex(State.idle)
    let stopWaiters = Mutex<[CheckedContinuation<Void, Never>]>([])

    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), router: Router) {
        self.configuration = configuration
        self.router = router
    }

    /// Binds and starts accepting; the socket is listening when this returns the bound port.
    public func start() async throws -> Int {
        let claimed = state.withLock { state in
            guard case .idle = state else { return false }
            state = .starting
            return true
        }
        guard claimed else { throw ServerError.alreadyStarted }
        do {
            let running = try open()
            state.withLock { $0 = .running(running) }
            configuration.logger.info("http.listening", ["host": configuration.host, "port": "\(running.port)"])
            return running.port
        } catch {
            state.withLock { $0 = .idle }
            configuration.logger.info("http.start_failed", ["error": "\(error)"])
            throw error
        }
    }

    /// The bound port while running.
    public var port: Int? {
        state.withLock { state in
            if case .running(let running) = state { return running.port }
            return nil
        }
    }

    /// Starts if needed, then returns once the server has shut down. Cancelling the caller shuts it down.
    public func run() async throws {
        if port == nil { _ = try await start() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = state.withLock { state -> Bool in
                    if case .stopped = state { return true }
                    stopWaiters.withLock { $0.append(continuation) }
                    return false
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            Task { await self.shutdown() }
        }
    }

    /// Stops accepting, lets in-flight requests finish until the grace period ends, then closes
    /// every connection. Returns when all are closed; later calls wait for the same shutdown.
    public func shutdown() async {
        let task = state.withLock { state -> Task<Void, Never>? in
            switch state {
            case .running(let running):
                let grace = configuration.shutdownGracePeriod
                let task = Task { await Self.stop(running, grace: grace) }
                state = .stopping(task)
                return task
            case .stopping(let task):
                return task
            case .idle, .starting, .stopped:
                return nil
            }
        }
        guard let task else { return }
        await task.value
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state = .stopped
            return stopWaiters.withLock { waiters in
                defer { waiters = [] }
                return waiters
            }
        }
        for waiter in waiters { waiter.resume() }
    }

    private func open() throws -> Running {
        let fastest = min(configuration.headerReadTimeout, configuration.idleTimeout)
        let tick = min(max(fastest / 5, .milliseconds(10)), .milliseconds(200))
        let loop = try EventLoop(tick: tick, logger: configuration.logger)
        let listener: Socket
        let port: Int
        do {
            listener = try Socket.listening(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            do {
                try loop.register(listener.fd)
                port = try listener.localPort()
            } catch {
                listener.close()
                throw error
            }
        } catch {
            loop.stop()
            throw error
        }
        let context = ServerContext(configuration: configuration, router: router, loop: loop)
        let acceptTask = Task { await Self.acceptLoop(listener: listener, context: context) }
        return Running(context: context, listener: listener, acceptTask: acceptTask, port: port)
    }

    private static func stop(_ running: Running, grace: Duration) async {
        let context = running.context
        let logger = context.logger
        logger.info("http.shutdown.begin", ["open_connections": "\(context.openConnections.load(ordering: .relaxed))"])
        context.draining.store(true, ordering: .relaxed)
        // Wakes the accept loop, which closes the listener, so new connections are refused.
        context.loop.deregister(running.listener.fd)
        context.loop.beginDrain()
        let graceful = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await running.acceptTask.value
                return true
            }
            group.addTask {
                do {
                    try await Task.sleep(for: grace)
                    return false
                } catch {
                    return true
                }
            }
            let first = await group.next() ?? true
            if !first {
                // Grace is over: fail every wait and cancel the handlers still running.
                context.loop.closeAll()
                running.acceptTask.cancel()
            }
            group.cancelAll()
            return first
        }
        context.loop.stop()
        logger.info("http.shutdown.done", ["graceful": "\(graceful)"])
    }
}
