import Testing
@testable import Signing

/// RFC 4231 §4.2–4.8, as listed in /work/shared/reference/crypto-vectors.md.
@Suite struct HMACTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let number: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: String
        var testDescription: String { "RFC 4231 case \(number)" }
    }

    static let cases: [Case] = [
        Case(number: 1, key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
             mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Case(number: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
             mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Case(number: 3, key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
             mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Case(number: 4, key: Array(1 ... 25), data: [UInt8](repeating: 0xcd, count: 50),
             mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // Case 5 specifies only the first 128 bits of the output.
        Case(number: 5, key: [UInt8](repeating: 0x0c, count: 20), data: Array("Test With Truncation".utf8),
             mac: "a3b6167473100ee06e0c796c2955552b"),
        // Cases 6 and 7: a 131-byte key, longer than the block, is hashed first.
        Case(number: 6, key: [UInt8](repeating: 0xaa, count: 131),
             data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Case(number: 7, key: [UInt8](repeating: 0xaa, count: 131),
             data: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                 + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
             mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases)
    func rfc4231OneShot(_ vector: Case) {
        let mac = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        #expect(mac.count == 32)
        let expectedLength = vector.mac.count / 2
        #expect(hex(mac.prefix(expectedLength)) == vector.mac)
    }

    @Test(arguments: cases)
    func rfc4231Incremental(_ vector: Case) {
        let oneShot = HMACSHA256.authenticationCode(for: vector.data, key: vector.key)
        for split in [0, 1, vector.data.count / 2, vector.data.count] {
            var mac = HMACSHA256(key: vector.key)
            mac.update(vector.data[..<split])
            vector.data[split...].withUnsafeBytes { mac.update($0) }
            #expect(mac.finalize() == oneShot)
        }
    }

    @Test func case5IsTruncationOfTheFullCode() {
        let full = HMACSHA256.authenticationCode(for: Array("Test With Truncation".utf8),
                                                 key: [UInt8](repeating: 0x0c, count: 20))
        #expect(hex(full.prefix(16)) == "a3b6167473100ee06e0c796c2955552b")
        #expect(full.count == 32)
    }

    @Test func keyOfExactlyOneBlockIsNotHashed() {
        let key = [UInt8](repeating: 0x42, count: 64)
        // A 64-byte key is used as is; hashing it would give a different code.
        #expect(HMACSHA256.authenticationCode(for: [1, 2, 3], key: key)
            != HMACSHA256.authenticationCode(for: [1, 2, 3], key: SHA256.hash(key)))
        // A 65-byte key is hashed, so it equals using its digest as the key.
        let longKey = key + [0x42]
        #expect(HMACSHA256.authenticationCode(for: [1, 2, 3], key: longKey)
            == HMACSHA256.authenticationCode(for: [1, 2, 3], key: SHA256.hash(longKey)))
    }

    @Test func finalizeLeavesTheKeyReadyForAnotherMessage() {
        let vector = Self.cases[1]
        var mac = HMACSHA256(key: vector.key)
        mac.update(Array("something else".utf8))
        _ = mac.finalize()
        mac.update(vector.data)
        #expect(hex(mac.finalize()) == vector.mac)
    }
}
