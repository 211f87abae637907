import Dispatch
import Synchronization

/// A fixed number of connection slots, each with its own serial queue.
///
/// A slot opens its connection lazily and drops it when `isBroken` says an error left it
/// unusable, so the next use connects again: a killed backend costs one failed call, not
/// a dead pool. Callers wait for a free slot in arrival order.
final class ConnectionPool<Connection: AnyObject>: Sendable {
    /// Owned by `queue`: `connection` is read and written only from blocks on that queue.
    private final class Slot: @unchecked Sendable {
        let queue: DispatchQueue
        var connection: Connection?

        init(label: String) {
            queue = DispatchQueue(label: label)
        }
    }

    private struct State {
        var free: [Int]
        var waiters: [CheckedContinuation<Int, any Error>] = []
        var closed = false
    }

    private let slots: [Slot]
    private let state: Mutex<State>
    private let connect: @Sendable () throws -> Connection
    private let isBroken: @Sendable (Connection, any Error) -> Bool

    init(
        label: String,
        size: Int,
        connect: @escaping @Sendable () throws -> Connection,
        isBroken: @escaping @Sendable (Connection, any Error) -> Bool
    ) {
        precondition(size > 0, "a pool needs at least one slot")
        slots = (0..<size).map { Slot(label: "\(label).\($0)") }
        state = Mutex(State(free: Array((0..<size).reversed())))
        self.connect = connect
        self.isBroken = isBroken
    }

    func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let index = try await acquire()
        defer { release(index) }
        let slot = slots[index]
        let connect = self.connect
        let isBroken = self.isBroken
        return try await withCheckedThrowingContinuation { continuation in
            slot.queue.async {
                let connection: Connection
                if let open = slot.connection {
                    connection = open
                } else {
                    do {
                        connection = try connect()
                        slot.connection = connection
                    } catch {
                        continuation.resume(throwing: error)
                        return
                    }
                }
                do {
                    continuation.resume(returning: try body(connection))
                } catch {
                    if isBroken(connection, error) { slot.connection = nil }
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Closes every connection once its slot is idle; waiters and later callers get an error.
    func close() async {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: Self.closedError) }
        for slot in slots {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                slot.queue.async {
                    slot.connection = nil
                    continuation.resume()
                }
            }
        }
    }

    private static var closedError: DatabaseError {
        DatabaseError(kind: .connectionFailed, operation: "acquire", message: "the database has been closed")
    }

    private func acquire() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<Int, DatabaseError>? = state.withLock { state in
                if state.closed { return .failure(Self.closedError) }
                if let index = state.free.popLast() { return .success(index) }
                state.waiters.append(continuation)
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }

    private func release(_ index: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Int, any Error>? in
            if state.waiters.isEmpty {
                state.free.append(index)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}
