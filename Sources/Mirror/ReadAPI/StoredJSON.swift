/// Stored objects on their way out: exactly as stored, or without `private_metadata` when
/// `MIRROR_STRIP_PRIVATE_METADATA` asks, which drops one member and copies the others' bytes
/// (no decoding, no re-encoding).
struct StoredJSON: Sendable {
    struct Malformed: Error, CustomStringConvertible {
        var description: String { "a stored object is not well-formed JSON" }
    }

    let stripPrivateMetadata: Bool

    func user(_ raw: [UInt8]) throws -> [UInt8] {
        guard stripPrivateMetadata else { return raw }
        // Never fall back to the raw bytes: they hold what the operator asked to keep back.
        guard let stripped = JSONSlicer.object(raw, removing: ["private_metadata"]) else { throw Malformed() }
        return stripped
    }
}
