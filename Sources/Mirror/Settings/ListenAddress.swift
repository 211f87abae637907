/// `MIRROR_LISTEN`: `host:port`, with IPv6 hosts in brackets (`[::1]:8080`).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public init(parsing text: String) throws(SettingsError) {
        let problem = "expected HOST:PORT, as in 127.0.0.1:8080 or [::1]:8080"
        guard let colon = text.lastIndex(of: ":") else { throw SettingsError("MIRROR_LISTEN", problem) }
        var host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), host.count > 2 else { throw SettingsError("MIRROR_LISTEN", problem) }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            throw SettingsError("MIRROR_LISTEN", "put an IPv6 address in brackets, as in [::1]:8080")
        }
        guard !host.isEmpty else { throw SettingsError("MIRROR_LISTEN", problem) }
        guard let port = Int(portText), (0...65535).contains(port), portText.allSatisfy(\.isASCII) else {
            throw SettingsError("MIRROR_LISTEN", "port \"\(portText)\" is not a number from 0 to 65535")
        }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
