import Foundation

/// Where an `http://` URL points: host, port, and the request-target to send.
struct HTTPEndpoint: Sendable, Equatable {
    var host: String
    var port: Int
    /// Path and query, e.g. `/webhooks/clerk`.
    var target: String

    /// The `Host` header (RFC 9112 §3.2): the host, bracketed if IPv6, and the port.
    var hostHeader: String {
        (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    init(host: String, port: Int, target: String) {
        self.host = host
        self.port = port
        self.target = target
    }

    /// Nil for anything but `http://` with a host (there is no TLS here).
    init?(url: URL) {
        guard url.scheme?.lowercased() == "http", let host = url.host, !host.isEmpty,
              let parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return nil }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        self.port = url.port ?? 80
        // Sent as written in the URL, escapes kept.
        let path = parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath
        self.target = parts.percentEncodedQuery.map { "\(path)?\($0)" } ?? path
    }
}
