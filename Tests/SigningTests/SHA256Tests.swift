import Testing
@testable import Signing

/// Vectors: /work/shared/reference/crypto-vectors.md (NIST examples), and digests around the
/// padding boundary computed with Python's `hashlib.sha256(b"a" * n).hexdigest()`.
@Suite struct SHA256Tests {
    static let millionA = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    static let millionADigest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test func abc() {
        #expect(hex(SHA256.hash(Array("abc".utf8)))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func empty() {
        let expected = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        #expect(hex(SHA256.hash([])) == expected)
        var hasher = SHA256()
        hasher.update([UInt8]())
        #expect(hex(hasher.finalize()) == expected)
    }

    @Test func twoBlockNISTMessage() {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(hex(SHA256.hash(Array(message.utf8)))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func millionAAtOnce() {
        #expect(hex(SHA256.hash(Self.millionA)) == Self.millionADigest)
    }

    @Test(arguments: [1, 63, 64, 65, 1000, 4096 + 7])
    func millionAInChunks(chunkSize: Int) {
        var hasher = SHA256()
        var start = 0
        while start < Self.millionA.count {
            let end = min(start + chunkSize, Self.millionA.count)
            Self.millionA[start ..< end].withUnsafeBytes { hasher.update($0) }
            start = end
        }
        #expect(hex(hasher.finalize()) == Self.millionADigest)
    }

    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func paddingBoundary(length: Int, digest: String) {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(hex(SHA256.hash(input)) == digest)
        // Byte by byte, through the generic overload, must agree.
        var hasher = SHA256()
        for byte in input { hasher.update(CollectionOfOne(byte)) }
        #expect(hex(hasher.finalize()) == digest)
    }

    @Test func overloadsAgree() {
        let text = "The quick brown fox jumps over the lazy dog, twice: the quick brown fox."
        let expected = SHA256.hash(Array(text.utf8))

        var fromString = SHA256()
        fromString.update(text.utf8)
        #expect(fromString.finalize() == expected)

        var fromSubstring = SHA256()
        let middle = text.index(text.startIndex, offsetBy: 20)
        fromSubstring.update(text[..<middle].utf8)
        fromSubstring.update(text[middle...].utf8)
        #expect(fromSubstring.finalize() == expected)

        // A sequence without contiguous storage goes through the chunked path.
        var fromLazy = SHA256()
        fromLazy.update(text.utf8.lazy.map { $0 })
        #expect(fromLazy.finalize() == expected)

        var fromRaw = SHA256()
        Array(text.utf8).withUnsafeBytes { fromRaw.update($0) }
        #expect(fromRaw.finalize() == expected)
    }

    @Test func nonContiguousSequenceLongerThanItsChunk() {
        let input = (0 ..< 5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        hasher.update(input.lazy.map { $0 })
        #expect(hasher.finalize() == SHA256.hash(input))
    }

    @Test func finalizeStartsOver() {
        var hasher = SHA256()
        hasher.update(Array("garbage".utf8))
        _ = hasher.finalize()
        hasher.update(Array("abc".utf8))
        #expect(hex(hasher.finalize())
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
