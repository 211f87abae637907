import Store

/// A verified delivery, classified and ready for the inbox.
public struct InboundDelivery: Sendable, Equatable {
    /// What the inbox row starts as.
    public enum State: String, Sendable {
        /// An event the worker will apply.
        case pending
        /// A valid event of a type the mirror does not apply.
        case ignored
        /// Signed by Clerk but not a JSON event: retrying cannot fix it; an operator can see it.
        case dead
    }

    public var svixID: String
    public var eventType: String?
    public var receivedAt: Int64
    public var payload: [UInt8]
    public var state: State
    public var lastError: String?

    /// Reads just enough of the body to decide what to do with it; the payload is stored as is.
    public static func classify(svixID: String, body: [UInt8], receivedAt: Int64) -> InboundDelivery {
        var delivery = InboundDelivery(svixID: svixID, eventType: nil, receivedAt: receivedAt, payload: body,
                                       state: .dead, lastError: nil)
        guard let object = JSONObjectView(body) else {
            delivery.lastError = "body is not a well-formed JSON object"
            return delivery
        }
        guard let type = object.string("type"), !type.isEmpty else {
            delivery.lastError = "event has no \"type\""
            return delivery
        }
        delivery.eventType = type
        guard object.isObject("data") else {
            delivery.lastError = "event \(type) has no \"data\" object"
            return delivery
        }
        delivery.state = EventType(rawValue: type) == nil ? .ignored : .pending
        return delivery
    }
}
