import CLibPQ
import Foundation

/// libpq connection keywords parsed from a `postgres://user:pass@host:port/db?key=value` URL.
///
/// The URL is taken apart here and handed to `PQconnectdbParams` as keyword/value pairs, so a
/// password is never pasted into a connection string or printed. Query items are libpq
/// keywords (`sslmode`, `connect_timeout`, `application_name`, `options`, ...).
public struct PostgresConnectionOptions: Sendable, CustomStringConvertible {
    public private(set) var keywords: [(String, String)]

    public var host: String { value(for: "host") ?? "localhost" }
    public var port: String { value(for: "port") ?? "5432" }
    public var database: String? { value(for: "dbname") }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case unsupportedScheme(String)
        case malformed(String)
        case unknownKeyword(String)

        public var description: String {
            switch self {
            case .unsupportedScheme(let scheme): "unsupported scheme \"\(scheme)\""
            case .malformed(let reason): reason
            case .unknownKeyword(let keyword): "unknown connection parameter \"\(keyword)\""
            }
        }
    }

    public init(url text: String) throws(ParseError) {
        guard let components = URLComponents(string: text) else {
            throw .malformed("not a valid URL")
        }
        let scheme = components.scheme?.lowercased() ?? ""
        guard scheme == "postgres" || scheme == "postgresql" else { throw .unsupportedScheme(scheme) }
        var pairs: [(String, String)] = []
        if let host = components.host, !host.isEmpty {
            // URLComponents keeps IPv6 brackets; libpq wants the bare address.
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            pairs.append(("host", bare.removingPercentEncoding ?? bare))
        }
        if let port = components.port {
            guard (1...65535).contains(port) else { throw .malformed("port \(port) is out of range") }
            pairs.append(("port", String(port)))
        }
        if let user = components.percentEncodedUser, !user.isEmpty {
            pairs.append(("user", user.removingPercentEncoding ?? user))
        }
        if let password = components.percentEncodedPassword {
            pairs.append(("password", password.removingPercentEncoding ?? password))
        }
        let path = components.percentEncodedPath
        if path.count > 1 {
            let name = String(path.dropFirst())
            pairs.append(("dbname", name.removingPercentEncoding ?? name))
        }
        let known = Self.knownKeywords
        for item in components.queryItems ?? [] {
            guard known.contains(item.name) else { throw .unknownKeyword(item.name) }
            pairs.removeAll { $0.0 == item.name }
            pairs.append((item.name, item.value ?? ""))
        }
        if !pairs.contains(where: { $0.0 == "connect_timeout" }) {
            pairs.append(("connect_timeout", "10"))
        }
        pairs.append(("client_encoding", "UTF8"))
        keywords = pairs
    }

    public func value(for keyword: String) -> String? {
        keywords.last { $0.0 == keyword }?.1
    }

    /// Returns a copy with one keyword set, replacing any earlier value.
    public func setting(_ keyword: String, to value: String) -> PostgresConnectionOptions {
        var copy = self
        copy.keywords.removeAll { $0.0 == keyword }
        copy.keywords.append((keyword, value))
        return copy
    }

    /// Where the server is, for messages: never the password.
    public var description: String {
        "PostgreSQL at \(host):\(port)" + (database.map { "/\($0)" } ?? "")
    }

    /// Every keyword this libpq understands, from `PQconndefaults` (https://www.postgresql.org/docs/15/libpq-misc.html).
    static let knownKeywords: Set<String> = {
        var names: Set<String> = []
        guard let defaults = PQconndefaults() else { return names }
        defer { PQconninfoFree(defaults) }
        var option = defaults
        while let keyword = option.pointee.keyword {
            names.insert(String(cString: keyword))
            option += 1
        }
        return names
    }()
}
