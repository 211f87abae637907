import Foundation

/// A structured logger handed to each component; components never make their own.
///
/// Each record is one event name plus string fields. The sink decides the format:
/// the executable writes one JSON object per line to stderr, tests may collect records.
/// Callers must never put secrets, keys or whole payloads into fields.
public struct Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug = 0, info, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

        public var description: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }
    }

    public struct Record: Sendable {
        public var time: Date
        public var level: Level
        public var label: String
        public var event: String
        public var fields: [(String, String)]
    }

    public typealias Sink = @Sendable (Record) -> Void

    public let label: String
    public let minimumLevel: Level
    private let sink: Sink

    public init(label: String, minimumLevel: Level = .info, sink: @escaping Sink) {
        self.label = label
        self.minimumLevel = minimumLevel
        self.sink = sink
    }

    /// A logger that drops everything: for tests and tools that do not care.
    public static let disabled = Logger(label: "disabled", minimumLevel: .error) { _ in }

    /// The same sink under another label, so records say which component wrote them.
    public func child(_ label: String) -> Logger {
        Logger(label: label, minimumLevel: minimumLevel, sink: sink)
    }

    public func log(_ level: Level, _ event: String, _ fields: KeyValuePairs<String, String> = [:]) {
        guard level >= minimumLevel else { return }
        sink(Record(time: Date(), level: level, label: label, event: event,
                    fields: fields.map { ($0.key, $0.value) }))
    }

    public func debug(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.debug, event, fields) }
    public func info(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.warning, event, fields) }
    public func error(_ event: String, _ fields: KeyValuePairs<String, String> = [:]) { log(.error, event, fields) }
}
