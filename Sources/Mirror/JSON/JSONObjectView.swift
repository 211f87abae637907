/// Typed reads of one JSON object's members, by key, over the original bytes.
struct JSONObjectView {
    let bytes: [UInt8]
    private var ranges: [String: Range<Int>] = [:]

    /// Nil when `range` of `bytes` is not a well-formed JSON object. A repeated key keeps its
    /// first value.
    init?(_ bytes: [UInt8], in range: Range<Int>? = nil) {
        guard let members = JSONSlicer.members(of: bytes, in: range ?? 0..<bytes.count) else { return nil }
        self.bytes = bytes
        ranges.reserveCapacity(members.count)
        for member in members where ranges[member.key] == nil { ranges[member.key] = member.value }
    }

    func range(_ key: String) -> Range<Int>? { ranges[key] }

    func string(_ key: String) -> String? { ranges[key].flatMap { JSONSlicer.string(bytes, $0) } }

    func int64(_ key: String) -> Int64? { ranges[key].flatMap { JSONSlicer.int64(bytes, $0) } }

    func bool(_ key: String) -> Bool? { ranges[key].flatMap { JSONSlicer.bool(bytes, $0) } }

    /// A nested object, or nil when absent, null or not an object.
    func object(_ key: String) -> JSONObjectView? { ranges[key].flatMap { JSONObjectView(bytes, in: $0) } }

    /// Whether the member is an object (already checked well-formed with the whole view).
    func isObject(_ key: String) -> Bool {
        ranges[key].map { bytes[$0.lowerBound] == UInt8(ascii: "{") } ?? false
    }

    /// The objects of a nested array (non-objects skipped); empty when absent.
    func objects(_ key: String) -> [JSONObjectView] {
        guard let range = ranges[key], let elements = JSONSlicer.elements(of: bytes, in: range) else { return [] }
        return elements.compactMap { JSONObjectView(bytes, in: $0) }
    }

    /// The member's bytes exactly as sent, unless absent or `null`.
    func rawValue(_ key: String) -> ArraySlice<UInt8>? {
        guard let range = ranges[key], !JSONSlicer.isNull(bytes, range) else { return nil }
        return bytes[range]
    }
}
