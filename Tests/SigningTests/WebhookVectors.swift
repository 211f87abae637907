import Foundation
import Testing

/// Svix `v1` vectors, copied from /work/shared/reference/clerk/svix-test-vectors.json (which
/// cites the upstream files at svix/svix-webhooks@4fc0cfb8, svix/svix-docs@a3cf04af,
/// standard-webhooks@b2fa7b87, clerk/javascript@e21ae9a4). Embedded so the tests need nothing
/// outside the repository; the large payloads are built in code.
struct SignVector: Sendable, CustomTestStringConvertible {
    let id: String
    let secret: String
    let msgID: String
    let timestamp: Int64
    let payload: [UInt8]
    let expectedHeader: String

    var testDescription: String { id }
    var now: Date { Date(timeIntervalSince1970: TimeInterval(timestamp)) }
    var secretWithoutPrefix: String { String(secret.dropFirst("whsec_".count)) }
    /// The base64 part of `expectedHeader`.
    var expectedSignature: String { String(expectedHeader.dropFirst("v1,".count)) }

    func headers(signature: String? = nil, prefix: String = "svix") -> [(String, String)] {
        [("\(prefix)-id", msgID), ("\(prefix)-timestamp", String(timestamp)),
         ("\(prefix)-signature", signature ?? expectedHeader)]
    }
}

enum WebhookVectors {
    static let defaultSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let defaultMsgID = "msg_p5jXN8AQM9LWM0D4loKWxJek"

    /// sign_vectors: svix-default-sign (python/go/js/ruby/java/kotlin/csharp tests).
    static let svixDefault = SignVector(
        id: "svix-default-sign", secret: defaultSecret, msgID: defaultMsgID, timestamp: 1_614_265_330,
        payload: Array(#"{"test": 2432232314}"#.utf8),
        expectedHeader: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")

    /// sign_vectors: svix-rust-sign (rust/src/webhooks.rs tests::test_sign).
    static let svixRust = SignVector(
        id: "svix-rust-sign", secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        msgID: "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", timestamp: 1_649_367_553,
        payload: Array(#"{"email":"test@example.com","username":"test_user"}"#.utf8),
        expectedHeader: "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=")

    /// sign_vectors: svix-csharp-large-* (csharp/Svix.Tests/WebhookTest.cs), 'a' repeated.
    static func csharpLarge(_ count: Int, _ header: String) -> SignVector {
        SignVector(
            id: "svix-csharp-large-\(count)", secret: defaultSecret, msgID: defaultMsgID,
            timestamp: 1_614_265_330, payload: [UInt8](repeating: UInt8(ascii: "a"), count: count),
            expectedHeader: header)
    }

    /// sign_vectors: svix-docs-manual-example (how-manual.mdx); the secret decodes to 18 bytes.
    static let svixDocs = SignVector(
        id: "svix-docs-manual-example", secret: "whsec_plJ3nmyCDGBKInavdOK15jsl",
        msgID: "msg_loFOjxBNrRLzqYUf", timestamp: 1_731_705_121,
        payload: Array(#"{"event_type":"ping","data":{"success":true}}"#.utf8),
        expectedHeader: "v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0=")

    /// locally_derived_vectors: LOCAL-clerk-test-secret. NOT UPSTREAM: computed with Python
    /// hmac; the secret (base64 of "test_signing_secret_32_chars_long") is from Clerk's tests.
    static let localClerk = SignVector(
        id: "LOCAL-clerk-test-secret", secret: "whsec_dGVzdF9zaWduaW5nX3NlY3JldF8zMl9jaGFyc19sb25n",
        msgID: "msg_test1", timestamp: 1_716_883_200,
        payload: Array(#"{"type":"user.created","data":{"id":"user_123"}}"#.utf8),
        expectedHeader: "v1,BAIJZD9qQN98PZmH+zi/teOK34B9sfYPa6u+KR/sa70=")

    static let all: [SignVector] = [
        svixDefault, svixRust,
        csharpLarge(1_048_576, "v1,txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A="),
        csharpLarge(262_144, "v1,Mw4Pe2WgApuT7NSqnSq0PQPV9gbLdggCl9B865x5Xh0="),
        csharpLarge(262_143, "v1,NTItnqyWMoFhk2Bbe5V/BMdcFRWgcSQaTgqLHX7FC7c="),
        svixDocs, localClerk,
    ]

    /// known_invalid_signature_values, for the default vector.
    static let knownInvalidForDefault: [String] = [
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=", // last character changed (python)
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", // go
        "v1,dawfeoifkpqwoekfpqoekf", // js, php: not even base64 length
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd", // ruby, csharp
        "v1,", // partial (go, js, rust)
        "v1,g0hM9", // first 8 characters of the valid header (js, rust)
        "v1,invalid_signature", // java
    ]

    /// known_invalid_signature_values: for the Rust vector (rust test_no_verify).
    static let knownInvalidForRust = "v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU="

    /// multi_signature_headers; `<VALID>` stands for the valid entry.
    static let multiSignatureHeaders: [(template: String, valid: Bool)] = [
        ("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
            + "<VALID> v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", true),
        ("v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ= v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q= "
            + "<VALID> v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE=", true),
        ("v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ= v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q= "
            + "v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE=", false),
    ]
}

/// A case-insensitive header lookup over name/value pairs, as an HTTP server would supply.
func lookup(_ pairs: [(String, String)]) -> (String) -> String? {
    { name in pairs.first { $0.0.lowercased() == name.lowercased() }?.1 }
}
