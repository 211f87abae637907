/// The path and query of a request-target (RFC 9112 §3.2).
///
/// origin-form ("/a?b") is the norm; absolute-form ("http://h/a?b") is accepted as servers must
/// (§3.2.2); asterisk-form ("*") has path "*". authority-form is not served and yields nil.
struct RequestTarget {
    var path: Substring
    var query: Substring?

    init?(_ target: String) {
        var rest = Substring(target)
        if rest == "*" {
            path = rest
            query = nil
            return
        }
        if !rest.hasPrefix("/") {
            let lower = rest.prefix(8).lowercased()
            let schemeLength = lower.hasPrefix("http://") ? 7 : lower.hasPrefix("https://") ? 8 : 0
            guard schemeLength > 0 else { return nil }
            rest = rest.dropFirst(schemeLength)
            guard let start = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else {
                path = "/"
                query = nil
                return
            }
            rest = rest[start...]
            if rest.hasPrefix("?") { rest = "/" + rest }
        }
        if let mark = rest.firstIndex(of: "?") {
            path = rest[..<mark]
            query = rest[rest.index(after: mark)...]
        } else {
            path = rest
            query = nil
        }
    }

    /// Path segments after the leading "/", each percent-decoded on its own so "%2F" stays inside one.
    func decodedSegments() -> [String]? {
        var segments: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            guard let segment = PercentDecoding.decode(raw, plusAsSpace: false, strict: true) else { return nil }
            segments.append(segment)
        }
        return segments
    }
}
