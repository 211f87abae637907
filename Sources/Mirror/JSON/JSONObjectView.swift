/// Typed reads of one JSON object's members, by key, over the original bytes.
///
/// Members are kept in order and a key is found by comparing bytes: a parse reads a few dozen
/// keys once each, where a dictionary cost a String and a hash per member and per lookup.
struct JSONObjectView {
    let bytes: [UInt8]
    private let members: [JSONSlicer.RawMember]

    /// Nil when `range` of `bytes` is not a well-formed JSON object. A repeated key keeps its
    /// first value.
    init?(_ bytes: [UInt8], in range: Range<Int>? = nil) {
        guard let members = JSONSlicer.rawMembers(of: bytes, in: range ?? 0..<bytes.count) else { return nil }
        self.bytes = bytes
        self.members = members
    }

    func range(_ key: String) -> Range<Int>? { JSONSlicer.value(key, among: members, in: bytes) }

    func string(_ key: String) -> String? { range(key).flatMap { JSONSlicer.string(bytes, $0) } }

    func int64(_ key: String) -> Int64? { range(key).flatMap { JSONSlicer.int64(bytes, $0) } }

    func bool(_ key: String) -> Bool? { range(key).flatMap { JSONSlicer.bool(bytes, $0) } }

    /// A nested object, or nil when absent, null or not an object.
    func object(_ key: String) -> JSONObjectView? { range(key).flatMap { JSONObjectView(bytes, in: $0) } }

    /// Whether the member is an object (already checked well-formed with the whole view).
    func isObject(_ key: String) -> Bool {
        range(key).map { bytes[$0.lowerBound] == UInt8(ascii: "{") } ?? false
    }

    /// The objects of a nested array (non-objects skipped); empty when absent.
    func objects(_ key: String) -> [JSONObjectView] {
        guard let range = range(key), let elements = JSONSlicer.elements(of: bytes, in: range) else { return [] }
        return elements.compactMap { JSONObjectView(bytes, in: $0) }
    }

    /// The member's bytes exactly as sent, unless absent or `null`.
    func rawValue(_ key: String) -> ArraySlice<UInt8>? {
        guard let range = range(key), !JSONSlicer.isNull(bytes, range) else { return nil }
        return bytes[range]
    }
}
