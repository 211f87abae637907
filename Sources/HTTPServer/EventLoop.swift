import Foundation
import Glibc
import Logging
import Synchronization

/// One epoll instance whose `epoll_wait` runs on a dedicated thread, never on Swift's cooperative pool.
///
/// Sockets are registered once, edge-triggered. A task whose read or write would block suspends in
/// `wait`; the epoll thread resumes it. Readiness that arrives while nobody waits is remembered, so
/// a later `wait` returns at once (edge-triggered events are not repeated). Deadlines are checked on a
/// coarse tick by the same thread, so timeouts cost no timer per connection.
final class EventLoop: Sendable {
    enum Interest {
        case read, write
    }

    struct Waiter {
        var continuation: UnsafeContinuation<Void, any Error>
        var deadline: UInt64
        /// Idle keep-alive waits end at once when the server starts draining.
        var idle: Bool
    }

    struct Entry {
        var generation: UInt32 = 0
        var readReady = false
        var writeReady = false
        /// The peer hung up or the socket failed: sticky, since an edge-triggered report comes once
        /// and may have been consumed together with the last data.
        var hungUp = false
        var reader: Waiter?
        var writer: Waiter?

        var isActive: Bool { generation != 0 }
    }

    struct State {
        var entries: [Entry] = []
        var nextGeneration: UInt32 = 0
        var draining = false
        /// Waits fail immediately: the server is closing every connection.
        var closing = false
        var stopped = false
    }

    let state = Mutex(State())
    let epollFD: Int32
    let wakeFD: Int32
    let tick: UInt64
    let logger: Logger

    /// Starts the epoll thread. `tick` bounds how late a deadline may be noticed.
    init(tick: Duration, logger: Logger) throws {
        let epollFD = Epoll.create1(Epoll.closeOnExec)
        guard epollFD >= 0 else { throw SocketError.failed("epoll_create1", errno) }
        let wakeFD = Epoll.eventfd(0, Epoll.nonBlocking | Epoll.closeOnExec)
        guard wakeFD >= 0 else {
            let code = errno
            Glibc.close(epollFD)
            throw SocketError.failed("eventfd", code)
        }
        // The wake eventfd has generation 0 in its cookie, so it never matches a socket entry.
        guard Epoll.control(epollFD, Epoll.controlAdd, wakeFD, events: Epoll.inEvent,
                            data: UInt64(UInt32(bitPattern: wakeFD))) == 0 else {
            let code = errno
            Glibc.close(epollFD)
            Glibc.close(wakeFD)
            throw SocketError.failed("epoll_ctl", code)
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.tick = max(MonotonicClock.nanoseconds(tick), 1_000_000)
        self.logger = logger
        let thread = Thread { [self] in self.run() }
        thread.name = "HTTPServer.epoll"
        thread.start()
    }

    /// Adds a socket, watched edge-triggered for both directions until `deregister`.
    func register(_ fd: Int32) throws {
        let generation = state.withLock { state -> UInt32 in
            let index = Int(fd)
            if index >= state.entries.count {
                state.entries.append(contentsOf: repeatElement(Entry(), count: index + 1 - state.entries.count))
            }
            state.nextGeneration = state.nextGeneration == UInt32.max ? 1 : state.nextGeneration + 1
            state.entries[index] = Entry(generation: state.nextGeneration, writeReady: true)
            return state.nextGeneration
        }
        let events = Epoll.inEvent | Epoll.outEvent | Epoll.readHangUpEvent | Epoll.edgeTriggered
        // The generation tells a stale event for a reused descriptor number from a live one.
        let cookie = UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
        guard Epoll.control(epollFD, Epoll.controlAdd, fd, events: events, data: cookie) == 0 else {
            let code = errno
            state.withLock { $0.entries[Int(fd)] = Entry() }
            throw SocketError.failed("epoll_ctl", code)
        }
    }

    /// Removes a socket before it is closed; a task still waiting on it gets `SocketError.closed`.
    func deregister(_ fd: Int32) {
        let waiters = state.withLock { state -> [Waiter] in
            guard Int(fd) < state.entries.count else { return [] }
            let entry = state.entries[Int(fd)]
            state.entries[Int(fd)] = Entry()
            return [entry.reader, entry.writer].compactMap { $0 }
        }
        _ = Epoll.control(epollFD, Epoll.controlDelete, fd, events: 0, data: 0)
        for waiter in waiters { waiter.continuation.resume(throwing: SocketError.closed) }
    }

    /// Suspends until `fd` is ready for `interest`, the deadline (monotonic ns, 0 for none) passes
    /// (`SocketError.timedOut`), or the socket is deregistered. Readiness is a hint: retry the call.
    func wait(for interest: Interest, on fd: Int32, deadline: UInt64, idle: Bool = false) async throws {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            let immediate = state.withLock { state -> Result<Void, any Error>? in
                let index = Int(fd)
                guard index < state.entries.count, state.entries[index].isActive else {
                    return .failure(SocketError.closed)
                }
                if state.closing || (idle && state.draining) { return .failure(SocketError.shuttingDown) }
                switch interest {
                case .read:
                    if state.entries[index].readReady || state.entries[index].hungUp {
                        state.entries[index].readReady = false
                        return .success(())
                    }
                case .write:
                    if state.entries[index].writeReady || state.entries[index].hungUp {
                        state.entries[index].writeReady = false
                        return .success(())
                    }
                }
                if deadline != 0 && deadline <= MonotonicClock.now() { return .failure(SocketError.timedOut) }
                let waiter = Waiter(continuation: continuation, deadline: deadline, idle: idle)
                switch interest {
                case .read: state.entries[index].reader = waiter
                case .write: state.entries[index].writer = waiter
                }
                return nil
            }
            if let immediate { continuation.resume(with: immediate) }
        }
    }

    /// Starts draining: idle keep-alive waits end now, and later idle waits end at once.
    func beginDrain() {
        let waiters = state.withLock { state -> [Waiter] in
            state.draining = true
            var waiters: [Waiter] = []
            for index in state.entries.indices {
                if let reader = state.entries[index].reader, reader.idle {
                    state.entries[index].reader = nil
                    waiters.append(reader)
                }
            }
            return waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: SocketError.shuttingDown) }
    }

    var isDraining: Bool { state.withLock { $0.draining } }

    /// Ends every wait, now and later, with `SocketError.shuttingDown`: the grace period is over.
    func closeAll() {
        let waiters = state.withLock { state -> [Waiter] in
            state.closing = true
            var waiters: [Waiter] = []
            for index in state.entries.indices {
                if let reader = state.entries[index].reader { waiters.append(reader) }
                if let writer = state.entries[index].writer { waiters.append(writer) }
                state.entries[index].reader = nil
                state.entries[index].writer = nil
            }
            return waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: SocketError.shuttingDown) }
    }

    /// Stops the epoll thread; it closes the epoll and wake descriptors on its way out.
    func stop() {
        closeAll()
        state.withLock { $0.stopped = true }
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }
}
