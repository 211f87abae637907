/// A claimed inbox row, ready to apply.
struct InboxEvent: Sendable {
    let svixID: String
    let eventType: String?
    /// When the webhook was received, Unix milliseconds: the start of the apply lag.
    let receivedAt: Int64
    let payload: [UInt8]
    let attempts: Int
}
