/// Inbox rows claimed together, their user payloads parsed, ready for the writer.
struct ClaimedBatch: Sendable {
    let events: [InboxEvent]
    let prepared: EventApplier.PreparedBatch

    init(_ events: [InboxEvent]) {
        self.events = events
        prepared = EventApplier.prepare(events.map { EventApplier.Event(type: $0.eventType, payload: $0.payload) })
    }

    var isEmpty: Bool { events.isEmpty }
    var svixIDs: [String] { events.map(\.svixID) }
}
