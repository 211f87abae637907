import Glibc

/// The epoll thread: turns events into resumed continuations, and expires deadlines on each tick.
extension EventLoop {
    func run() {
        let capacity = 256
        let events = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity * Epoll.eventSize, alignment: 8)
        defer { events.deallocate() }
        var ready: [(UnsafeContinuation<Void, any Error>, SocketError?)] = []
        ready.reserveCapacity(256)
        var nextScan = MonotonicClock.now() + tick
        while true {
            let now = MonotonicClock.now()
            let timeout = nextScan > now ? Int32((nextScan - now + 999_999) / 1_000_000) : 0
            let count = Epoll.wait(epollFD, events.baseAddress, Int32(capacity), timeout)
            if count < 0 {
                if errno == EINTR { continue }
                logger.error("http.epoll_wait.failed", ["errno": String(errno)])
                break
            }
            let stopped = state.withLock { state -> Bool in
                for index in 0..<Int(count) {
                    Self.deliver(Epoll.event(at: index, in: events), to: &state, collecting: &ready)
                }
                let now = MonotonicClock.now()
                if now >= nextScan {
                    nextScan = now + tick
                    Self.expire(before: now, in: &state, collecting: &ready)
                }
                return state.stopped
            }
            for (continuation, error) in ready {
                if let error { continuation.resume(throwing: error) } else { continuation.resume() }
            }
            ready.removeAll(keepingCapacity: true)
            if stopped { break }
        }
        Glibc.close(epollFD)
        Glibc.close(wakeFD)
    }

    private static func deliver(_ event: (events: UInt32, data: UInt64), to state: inout State,
                                collecting ready: inout [(UnsafeContinuation<Void, any Error>, SocketError?)]) {
        let data = event.data
        let generation = UInt32(truncatingIfNeeded: data >> 32)
        let index = Int(UInt32(truncatingIfNeeded: data))
        // The wake eventfd (generation 0) only interrupts epoll_wait.
        guard generation != 0, index < state.entries.count, state.entries[index].generation == generation else { return }
        let flags = event.events
        let errorFlags = Epoll.errorEvent | Epoll.hangUpEvent
        if flags & (Epoll.readHangUpEvent | errorFlags) != 0 { state.entries[index].hungUp = true }
        if flags & (Epoll.inEvent | Epoll.readHangUpEvent | errorFlags) != 0 {
            if let reader = state.entries[index].reader {
                state.entries[index].reader = nil
                ready.append((reader.continuation, nil))
            } else {
                state.entries[index].readReady = true
            }
        }
        if flags & (Epoll.outEvent | errorFlags) != 0 {
            if let writer = state.entries[index].writer {
                state.entries[index].writer = nil
                ready.append((writer.continuation, nil))
            } else {
                state.entries[index].writeReady = true
            }
        }
    }

    private static func expire(before now: UInt64, in state: inout State,
                               collecting ready: inout [(UnsafeContinuation<Void, any Error>, SocketError?)]) {
        for index in state.entries.indices where state.entries[index].isActive {
            if let reader = state.entries[index].reader, reader.deadline != 0, reader.deadline <= now {
                state.entries[index].reader = nil
                ready.append((reader.continuation, .timedOut))
            }
            if let writer = state.entries[index].writer, writer.deadline != 0, writer.deadline <= now {
                state.entries[index].writer = nil
                ready.append((writer.continuation, .timedOut))
            }
        }
    }
}
