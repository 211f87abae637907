import Store

extension EventApplier {
    /// One inbox event as the batch path reads it.
    public struct Event: Sendable {
        public var type: String?
        public var payload: [UInt8]

        public init(type: String?, payload: [UInt8]) {
            self.type = type
            self.payload = payload
        }
    }

    /// A batch with its user payloads already parsed. Parsing needs no connection, so a
    /// worker prepares the next batch while the writer applies this one.
    public struct PreparedBatch: Sendable {
        public let events: [Event]
        /// Upserts whose user no other event of the batch touches, by event index.
        let batched: [Int: UserRecord]

        public var isEmpty: Bool { events.isEmpty }
    }

    /// Finds the user upserts that can be written together: those whose user no other event
    /// of the batch touches. Users are independent of each other, so writing them together
    /// and the other events one by one, in order, gives the same result as applying every
    /// event one by one.
    public static func prepare(_ events: [Event]) -> PreparedBatch {
        var records: [Int: UserRecord] = [:]
        var touches: [String: Int] = [:]
        for (index, event) in events.enumerated() {
            guard let data = userData(event) else {
                for id in touchedIDs(event) { touches[id, default: 0] += 1 }
                continue
            }
            // A payload that does not parse is left to the single path, which says why.
            guard let record = try? UserRecord.parse(data) else { continue }
            records[index] = record
            touches[record.id, default: 0] += 1
        }
        return PreparedBatch(events: events, batched: records.filter { touches[$0.value.id] == 1 })
    }

    /// Applies a prepared batch inside the caller's transaction; one outcome per event, in order.
    public static func apply(_ batch: PreparedBatch, now: Int64, _ connection: any DatabaseConnection) throws -> [Outcome] {
        let written = try UserBatchWriter.upsert(batch.batched.values.map { $0 }, source: "webhook", now: now,
                                                 authoritative: false, connection)
        return try batch.events.enumerated().map { index, event in
            if let record = batch.batched[index], let outcome = written[record.id] { return .user(outcome) }
            return try apply(type: event.type, payload: event.payload, now: now, connection)
        }
    }

    /// Applies `events` in one go, with the same result as applying them one by one.
    public static func apply(_ events: [Event], now: Int64, _ connection: any DatabaseConnection) throws -> [Outcome] {
        try apply(prepare(events), now: now, connection)
    }

    /// The `data` object of a `user.created` or `user.updated` event.
    private static func userData(_ event: Event) -> [UInt8]? {
        guard event.type == EventType.userCreated.rawValue || event.type == EventType.userUpdated.rawValue,
              let data = JSONSlicer.value("data", in: event.payload), data.first == UInt8(ascii: "{") else { return nil }
        return Array(data)
    }

    /// The user ids another event may write: its `data.id` and `data.user_id`.
    private static func touchedIDs(_ event: Event) -> [String] {
        guard let data = JSONSlicer.value("data", in: event.payload), let object = JSONObjectView(Array(data)) else { return [] }
        return [object.string("id"), object.string("user_id")].compactMap { $0 }
    }
}
