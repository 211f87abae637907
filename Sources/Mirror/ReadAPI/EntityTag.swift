/// Entity tags for `GET /v1/users/{id}` (RFC 9110 §8.8.3).
///
/// A stored user changes only with a strictly newer `updated_at` (the version guard, DESIGN.md
/// rule 3), so `updated_at` names the stored bytes; the variant without `private_metadata` gets
/// a tag of its own, so a cache never mixes the two.
enum EntityTag {
    static func user(updatedAt: Int64, stripped: Bool) -> String {
        "\"\(updatedAt)\(stripped ? "-np" : "")\""
    }

    /// Whether `If-None-Match` names `tag` (RFC 9110 §13.1.2: weak comparison, so `W/` is
    /// ignored; `*` matches any current representation).
    static func matches(ifNoneMatch header: String?, _ tag: String) -> Bool {
        guard let header else { return false }
        for candidate in header.split(separator: ",") {
            var value = candidate.drop { $0 == " " || $0 == "\t" }
            while let last = value.last, last == " " || last == "\t" { value.removeLast() }
            if value == "*" { return true }
            if value.hasPrefix("W/") { value = value.dropFirst(2) }
            if value == tag { return true }
        }
        return false
    }
}
