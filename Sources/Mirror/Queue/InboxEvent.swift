/// A claimed inbox row, ready to apply.
struct InboxEvent: Sendable {
    let svixID: String
    let eventType: String?
    let payload: [UInt8]
    let attempts: Int
}
