import Testing
@testable import Signing

@Suite struct Base64Tests {
    /// RFC 4648 §10.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func encodesRFC4648Vectors() {
        for (plain, encoded) in Self.rfc4648 {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
        }
    }

    @Test func decodesRFC4648VectorsPaddedAndUnpadded() {
        for (plain, encoded) in Self.rfc4648 {
            #expect(Base64.decode(encoded) == Array(plain.utf8))
            let unpadded = encoded.filter { $0 != "=" }
            #expect(Base64.decode(unpadded) == Array(plain.utf8))
        }
    }

    @Test func roundTripsEveryByteValueAndLength() {
        let all = (0 ... 255).map { UInt8($0) }
        for length in 0 ... 70 {
            let input = Array(all[..<length].reversed())
            #expect(Base64.decode(Base64.encode(input)) == input)
        }
        #expect(Base64.decode(Base64.encode(all)) == all)
        // Characters 62 and 63 of the standard alphabet.
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
    }

    @Test func decodesTheSvixSecrets() {
        // base64 of "test_signing_secret_32_chars_long" (svix-test-vectors.json, LOCAL-clerk-test-secret).
        #expect(Base64.decode("dGVzdF9zaWduaW5nX3NlY3JldF8zMl9jaGFyc19sb25n")
            == Array("test_signing_secret_32_chars_long".utf8))
        #expect(Base64.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?.count == 24)
        #expect(Base64.decode("plJ3nmyCDGBKInavdOK15jsl")?.count == 18)
    }

    @Test(arguments: [
        "Zm9v YmFy", " Zm9v", "Zm9v\n", "Zm9v-_", "Zg===", "Zm9vY", "Zm9vYg=", "Zm9v=", "=", "==",
        "Zm=9v", "é", "Zm9v!",
    ])
    func rejects(_ text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
