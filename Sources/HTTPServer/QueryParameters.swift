/// The query of a request-target, decoded as application/x-www-form-urlencoded.
///
/// Order and repeated names are kept; '+' is a space; malformed escapes stay literal.
public struct QueryParameters: Sendable {
    public private(set) var items: [(name: String, value: String)]

    public init() {
        items = []
    }

    public init(parsing rawQuery: some StringProtocol) {
        items = []
        let raw = Substring(rawQuery)
        guard !raw.isEmpty else { return }
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = pair.firstIndex(of: "=") {
                name = pair[..<equals]
                value = pair[pair.index(after: equals)...]
            } else {
                name = pair
                value = ""
            }
            items.append((
                name: PercentDecoding.decode(name, plusAsSpace: true, strict: false) ?? String(name),
                value: PercentDecoding.decode(value, plusAsSpace: true, strict: false) ?? String(value)
            ))
        }
    }

    public var isEmpty: Bool { items.isEmpty }

    /// The first value for `name`.
    public subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    /// Every value for `name`, in order.
    public func values(_ name: String) -> [String] {
        items.filter { $0.name == name }.map(\.value)
    }

    /// Distinct names in order of first appearance.
    public var names: [String] {
        var seen = Set<String>()
        return items.compactMap { seen.insert($0.name).inserted ? $0.name : nil }
    }
}
