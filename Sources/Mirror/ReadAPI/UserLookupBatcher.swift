import Store
import Synchronization

/// Lookups by id (`GET /v1/users/{id}`) that arrive together share one trip to the database.
///
/// A trip costs more than the lookup: a pool slot, a hop to the connection's queue and back,
/// on PostgreSQL a round trip. While `maximumTrips` are under way, later lookups wait; the
/// request whose trip ends hands the next batch to the first waiter, which runs it as one
/// statement for every id in it. An idle server looks one id up at once, as before; a busy one
/// pays the trip once per batch instead of once per request (profiled: the trip, not SQLite,
/// was most of a lookup's cost).
final class UserLookupBatcher: Sendable {
    struct Found: Sendable {
        var raw: [UInt8]
        var updatedAt: Int64
    }

    private enum Turn: Sendable {
        case found(Found?)
        /// A trip slot was handed over: run the next batch.
        case lead
    }

    private struct Waiter {
        let id: String
        let continuation: CheckedContinuation<Turn, any Error>
    }

    private struct State {
        var waiting: [Waiter] = []
        var trips = 0
    }

    /// Ids per statement at most; a batch never waits to fill up.
    static let maximumBatch = 64

    private let database: any Database
    private let maximumTrips: Int
    private let state = Mutex(State())

    init(database: any Database, maximumTrips: Int = 2) {
        self.database = database
        self.maximumTrips = max(1, maximumTrips)
    }

    func lookup(_ id: String) async throws -> Found? {
        let leads = state.withLock { state in
            guard state.trips < maximumTrips else { return false }
            state.trips += 1
            return true
        }
        if leads { return try await lead(id) }
        let turn = try await withCheckedThrowingContinuation { continuation in
            let leadsNow = state.withLock { state in
                // A trip may have ended between the two locks.
                if state.trips < maximumTrips {
                    state.trips += 1
                    return true
                }
                state.waiting.append(Waiter(id: id, continuation: continuation))
                return false
            }
            if leadsNow { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .found(let found): return found
        case .lead: return try await lead(id)
        }
    }

    /// Runs one trip for `id` and whoever is waiting, answers them, then hands the slot on.
    private func lead(_ id: String) async throws -> Found? {
        let riders = state.withLock { state in
            let taken = Array(state.waiting.prefix(Self.maximumBatch - 1))
            state.waiting.removeFirst(taken.count)
            return taken
        }
        let ids = [id] + riders.map(\.id)
        let found: [String: Found]
        do {
            found = try await database.read { connection in try Self.fetch(ids, connection) }
        } catch {
            handOff()
            for rider in riders { rider.continuation.resume(throwing: error) }
            throw error
        }
        for rider in riders { rider.continuation.resume(returning: .found(found[rider.id])) }
        handOff()
        return found[id]
    }

    /// Gives the trip slot to the first waiter, or frees it.
    private func handOff() {
        let next = state.withLock { state -> Waiter? in
            guard !state.waiting.isEmpty else {
                state.trips -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
    }

    private static func fetch(_ ids: [String], _ connection: any DatabaseConnection) throws -> [String: Found] {
        var found: [String: Found] = [:]
        if ids.count == 1 {
            if let row = try connection.queryOne(UserQueryBuilder.byID, [.text(ids[0])]),
               let raw = row[0].bytes, let updatedAt = row[1].int64 {
                found[ids[0]] = Found(raw: raw, updatedAt: updatedAt)
            }
            return found
        }
        let statement = UserQueryBuilder.byIDs(ids, dialect: connection.dialect)
        for row in try connection.query(statement.sql, statement.arguments) {
            guard let id = row[0].string, let raw = row[1].bytes, let updatedAt = row[2].int64 else { continue }
            found[id] = Found(raw: raw, updatedAt: updatedAt)
        }
        return found
    }
}
