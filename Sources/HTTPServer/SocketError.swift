import Glibc

/// A failed socket operation: the call that failed and its errno, or a condition of our own.
public enum SocketError: Error, Equatable, Sendable, CustomStringConvertible {
    case failed(String, Int32)
    case invalidAddress(String)
    /// The socket was deregistered or closed while waiting on it.
    case closed
    /// A read or write deadline passed.
    case timedOut
    /// The server is shutting down.
    case shuttingDown

    public var description: String {
        switch self {
        case .failed(let call, let code): "\(call) failed: \(String(cString: strerror(code))) (\(code))"
        case .invalidAddress(let host): "invalid address \(host)"
        case .closed: "socket closed"
        case .timedOut: "timed out"
        case .shuttingDown: "shutting down"
        }
    }
}
