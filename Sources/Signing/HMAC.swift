/// HMAC-SHA256 (RFC 2104, FIPS 198-1), one-shot or incremental.
///
/// Shaped like swift-crypto's `HMAC`: a key longer than the 64-byte block is hashed first, the
/// key is zero-padded to a block, the inner hash starts with `key ^ 0x36` and the outer with
/// `key ^ 0x5c`. Both keyed states are kept, so `finalize()` returns the code and leaves the
/// value ready for a new message under the same key.
public struct HMACSHA256: Sendable {
    public static let byteCount = SHA256.byteCount

    /// The inner and outer hashes after absorbing their padded keys.
    private let innerKeyed: SHA256
    private let outerKeyed: SHA256
    private var inner: SHA256

    public init(key: [UInt8]) {
        var block = key.count > SHA256.blockByteCount ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: SHA256.blockByteCount - block.count)

        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        innerKeyed = inner
        outerKeyed = outer
        self.inner = inner
    }

    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> [UInt8] {
        var mac = HMACSHA256(key: key)
        mac.update(message)
        return mac.finalize()
    }

    public mutating func update(_ bytes: [UInt8]) {
        inner.update(bytes)
    }

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        inner.update(bytes)
    }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        inner.update(buffer)
    }

    /// The 32-byte code for everything absorbed since `init` or the last `finalize()`.
    public mutating func finalize() -> [UInt8] {
        let innerDigest = inner.finalize()
        var outer = outerKeyed
        outer.update(innerDigest)
        inner = innerKeyed
        return outer.finalize()
    }
}
