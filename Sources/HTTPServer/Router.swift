/// Maps a method and path to a handler. Patterns are literal segments and `{name}` parameters,
/// e.g. "/v1/users/{id}"; a literal segment wins over a parameter at the same position.
public struct Router: Sendable {
    public struct Route: Sendable {
        public let method: String
        /// The pattern as registered, e.g. "/v1/users/{id}"; handy as a metrics label.
        public let pattern: String
        /// Body limit in bytes; nil means the server's default.
        public let bodyLimit: Int?
        public let handler: HTTPHandler
    }

    public enum Match: Sendable {
        case matched(Route, pathParameters: [String: String])
        case notFound
        /// The path exists for other methods, listed for the `Allow` header.
        case methodNotAllowed(allow: [String])
    }

    struct Node: Sendable {
        var literals: [String: Node] = [:]
        var parameters: [(name: String, node: Node)] = []
        var routes: [String: Route] = [:]
    }

    private var root = Node()
    private var fallbacks: [(segments: [String], route: Route)] = []

    public init() {}

    /// Registers `handler`; a later registration of the same method and pattern replaces it.
    public mutating func add(_ method: String, _ pattern: String, bodyLimit: Int? = nil, _ handler: @escaping HTTPHandler) {
        let route = Route(method: method, pattern: pattern, bodyLimit: bodyLimit, handler: handler)
        Self.insert(route, segments: Self.segments(of: pattern)[...], into: &root)
    }

    /// Answers unmatched paths under `prefix` (any method), e.g. "/v1" for a custom 404 body.
    /// The longest matching prefix wins; the route's pattern reads "<prefix>/*".
    public mutating func setNotFound(prefix: String, _ handler: @escaping HTTPHandler) {
        let segments = Self.segments(of: prefix).filter { !$0.isEmpty }
        let pattern = (prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix) + "/*"
        fallbacks.removeAll { $0.segments == segments }
        fallbacks.append((segments, Route(method: "*", pattern: pattern, bodyLimit: nil, handler: handler)))
        fallbacks.sort { $0.segments.count > $1.segments.count }
    }

    /// Matches a percent-decoded path.
    public func route(method: String, path: String) -> Match {
        route(method: method, segments: Self.segments(of: path))
    }

    /// Matches decoded segments (the server decodes each raw segment, so "%2F" stays in one).
    func route(method: String, segments: [String]) -> Match {
        var parameters: [String: String] = [:]
        var allowed: Set<String> = []
        if let route = Self.find(method: method, segments: segments[...], in: root, parameters: &parameters, allowed: &allowed) {
            return .matched(route, pathParameters: parameters)
        }
        if !allowed.isEmpty {
            if allowed.contains("GET") { allowed.insert("HEAD") }
            return .methodNotAllowed(allow: allowed.sorted())
        }
        if let fallback = fallbacks.first(where: { segments.starts(with: $0.segments) }) {
            return .matched(fallback.route, pathParameters: [:])
        }
        return .notFound
    }

    static func segments(of path: String) -> [String] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "" { parts.removeFirst() }
        return parts
    }

    private static func insert(_ route: Route, segments: ArraySlice<String>, into node: inout Node) {
        guard let segment = segments.first else {
            node.routes[route.method] = route
            return
        }
        let rest = segments.dropFirst()
        if segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 {
            let name = String(segment.dropFirst().dropLast())
            if let index = node.parameters.firstIndex(where: { $0.name == name }) {
                insert(route, segments: rest, into: &node.parameters[index].node)
            } else {
                var child = Node()
                insert(route, segments: rest, into: &child)
                node.parameters.append((name, child))
            }
        } else {
            insert(route, segments: rest, into: &node.literals[segment, default: Node()])
        }
    }

    /// Depth-first, literals before parameters; collects methods of paths that matched without the method.
    private static func find(method: String, segments: ArraySlice<String>, in node: Node,
                             parameters: inout [String: String], allowed: inout Set<String>) -> Route? {
        guard let segment = segments.first else {
            if let route = node.routes[method] ?? (method == "HEAD" ? node.routes["GET"] : nil) { return route }
            allowed.formUnion(node.routes.keys)
            return nil
        }
        let rest = segments.dropFirst()
        if let child = node.literals[segment],
           let route = find(method: method, segments: rest, in: child, parameters: &parameters, allowed: &allowed) {
            return route
        }
        guard !segment.isEmpty else { return nil }
        for (name, child) in node.parameters {
            if let route = find(method: method, segments: rest, in: child, parameters: &parameters, allowed: &allowed) {
                parameters[name] = segment
                return route
            }
        }
        return nil
    }
}
