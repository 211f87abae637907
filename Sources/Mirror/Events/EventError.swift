/// Why an event cannot be applied: retried with backoff, then kept as a dead letter with this
/// reason. The reason names fields, never values.
public struct EventError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
