/// SHA-256 (FIPS 180-4), one-shot or incremental.
///
/// Bytes are absorbed straight from the caller's buffer: whole 64-byte blocks are compressed in
/// place, and only a partial block is copied into the 64-byte buffer held inline in the value.
/// `finalize()` returns the digest and starts the hasher over, as after `init()`.
public struct SHA256: Sendable {
    public static let byteCount = 32
    public static let blockByteCount = 64

    /// Eight 32-bit words of chaining state (FIPS 180-4 §5.3.3 initial value).
    typealias Words = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    /// 64 bytes, inline, so that a hasher never allocates.
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    private static let initialState: Words = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )

    private var state: Words
    private var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    /// Bytes waiting in `buffer`, always < 64.
    private var bufferCount = 0
    /// Bytes absorbed so far; the message length in the padding is this times 8, mod 2^64.
    private var totalCount: UInt64 = 0

    public init() {
        state = Self.initialState
    }

    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Any byte sequence; contiguous ones (arrays, `String.UTF8View`, `Substring.UTF8View`,
    /// slices) are read in place, others are gathered in small chunks.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1024)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 1024 {
                update(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        update(chunk)
    }

    public mutating func update(_ input: UnsafeRawBufferPointer) {
        guard !input.isEmpty else { return }
        totalCount &+= UInt64(input.count)
        var consumed = 0

        // Top up a partial block first.
        if bufferCount > 0 {
            let take = min(Self.blockByteCount - bufferCount, input.count)
            let start = bufferCount
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.advanced(by: start).copyMemory(from: input.baseAddress!, byteCount: take)
            }
            bufferCount += take
            consumed = take
            guard bufferCount == Self.blockByteCount else { return }
            var words = state
            withUnsafeBytes(of: buffer) { Self.compress(&words, blocks: $0) }
            state = words
            bufferCount = 0
        }

        // Whole blocks straight from the input.
        let wholeBlocks = (input.count - consumed) / Self.blockByteCount * Self.blockByteCount
        if wholeBlocks > 0 {
            var words = state
            Self.compress(&words, blocks: UnsafeRawBufferPointer(rebasing: input[consumed ..< consumed + wholeBlocks]))
            state = words
            consumed += wholeBlocks
        }

        // Keep the tail.
        let rest = input.count - consumed
        if rest > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: input.baseAddress!.advanced(by: consumed), byteCount: rest)
            }
            bufferCount = rest
        }
    }

    /// The 32-byte digest of everything absorbed; the hasher then starts over.
    public mutating func finalize() -> [UInt8] {
        // FIPS 180-4 §5.1.1: append 0x80, zeros up to 56 mod 64, then the bit length big-endian.
        let bitLength = totalCount &* 8
        let padCount = bufferCount < 56 ? 56 - bufferCount : 120 - bufferCount
        var padding = [UInt8](repeating: 0, count: padCount + 8)
        padding[0] = 0x80
        for i in 0 ..< 8 {
            padding[padCount + i] = UInt8(truncatingIfNeeded: bitLength &>> (56 - 8 * i))
        }
        update(padding)
        precondition(bufferCount == 0)

        let words = state
        let digest = [UInt8](unsafeUninitializedCapacity: Self.byteCount) { out, count in
            withUnsafeBytes(of: words) { raw in
                for i in 0 ..< 8 {
                    let word = raw.load(fromByteOffset: i * 4, as: UInt32.self)
                    UnsafeMutableRawPointer(out.baseAddress!).storeBytes(
                        of: word.bigEndian, toByteOffset: i * 4, as: UInt32.self)
                }
            }
            count = Self.byteCount
        }
        self = SHA256()
        return digest
    }
}
