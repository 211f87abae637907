import Foundation
import Testing
@testable import Signing

@Suite struct WebhookVerifierTests {
    typealias V = WebhookVectors
    let vector = WebhookVectors.svixDefault

    func verify(
        _ headers: [(String, String)], secrets: [String]? = nil, body: [UInt8]? = nil, now: Date? = nil
    ) throws(WebhookVerificationError) -> VerifiedDelivery {
        let verifier = try! WebhookVerifier(secrets: secrets ?? [vector.secret])
        return try verifier.verify(headers: lookup(headers), body: body ?? vector.payload, now: now ?? vector.now)
    }

    /// Headers for `vector`'s payload signed with `secret` at `timestamp`.
    func signed(at timestamp: Int64, secret: String? = nil, id: String? = nil) -> [(String, String)] {
        try! WebhookSigner(secret: secret ?? vector.secret)
            .headers(id: id ?? vector.msgID, timestamp: timestamp, body: vector.payload)
    }

    // MARK: sign_vectors

    @Test(arguments: WebhookVectors.all)
    func everySignVectorVerifiesWithAndWithoutPrefix(_ v: SignVector) throws {
        for secret in [v.secret, v.secretWithoutPrefix] {
            let verifier = try WebhookVerifier(secret: secret)
            let delivery = try verifier.verify(headers: lookup(v.headers()), body: v.payload, now: v.now)
            #expect(delivery == VerifiedDelivery(id: v.msgID, timestamp: v.timestamp))
        }
    }

    @Test(arguments: WebhookVectors.all)
    func everySignVectorFailsWithAnotherBody(_ v: SignVector) throws {
        let verifier = try WebhookVerifier(secret: v.secret)
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(headers: lookup(v.headers()), body: v.payload + [0x20], now: v.now)
        }
    }

    // MARK: known_invalid_signature_values

    @Test(arguments: WebhookVectors.knownInvalidForDefault)
    func knownInvalidSignatureFails(_ header: String) {
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verify(vector.headers(signature: header))
        }
    }

    @Test func knownInvalidForRustVectorFails() throws {
        let v = WebhookVectors.svixRust
        let verifier = try WebhookVerifier(secret: v.secret)
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(headers: lookup(v.headers(signature: V.knownInvalidForRust)), body: v.payload, now: v.now)
        }
    }

    @Test func truncatedSignaturesFail() {
        let valid = vector.expectedHeader
        for cut in [1, 2, 4, 20, 43] {
            #expect(throws: WebhookVerificationError.noMatchingSignature) {
                try verify(vector.headers(signature: String(valid.dropLast(cut))))
            }
        }
        // A valid signature with something after it is not a match either.
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verify(vector.headers(signature: valid + "A"))
        }
    }

    // MARK: multi_signature_headers

    @Test func multiSignatureHeadersBehaveAsUpstream() {
        for (template, valid) in V.multiSignatureHeaders {
            let header = template.replacingOccurrences(of: "<VALID>", with: vector.expectedHeader)
            if valid {
                #expect(throws: Never.self) { try verify(vector.headers(signature: header)) }
            } else {
                #expect(throws: WebhookVerificationError.noMatchingSignature) {
                    try verify(vector.headers(signature: header))
                }
            }
        }
    }

    @Test func malformedEntriesAreSkipped() {
        let sig = vector.expectedSignature
        let junk = ["v1", "v1,", "v1,!!!", "v2,\(sig)", "v1a,\(sig)", "V1,\(sig)", ",\(sig)", sig,
                    "v1,\(sig),extra", "", "v1 ,\(sig)", "\u{00e9},\u{00e9}"]
        let onlyJunk = junk.joined(separator: " ")
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verify(vector.headers(signature: onlyJunk))
        }
        #expect(throws: Never.self) {
            try verify(vector.headers(signature: onlyJunk + " " + vector.expectedHeader))
        }
        #expect(throws: Never.self) {
            try verify(vector.headers(signature: vector.expectedHeader + "  " + onlyJunk))
        }
    }

    // MARK: behaviour_cases_relative_to_now

    @Test func validAtNowAndUnbranded() throws {
        let now = Date()
        let timestamp = Int64(now.timeIntervalSince1970)
        let headers = signed(at: timestamp)
        #expect(try verify(headers, now: now) == VerifiedDelivery(id: vector.msgID, timestamp: timestamp))

        let unbranded = try WebhookSigner(secret: vector.secret)
            .headers(id: vector.msgID, timestamp: timestamp, body: vector.payload, names: .standard)
        #expect(unbranded.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(try verify(unbranded, now: now).id == vector.msgID)
    }

    @Test func headerLookupIsTheCallersAndMayIgnoreCase() throws {
        let headers = vector.headers().map { ($0.0.uppercased(), $0.1) }
        #expect(try verify(headers).id == vector.msgID)
    }

    @Test(arguments: ["svix-id", "svix-timestamp", "svix-signature"])
    func missingHeader(_ name: String) {
        let headers = vector.headers().filter { $0.0 != name }
        #expect(throws: WebhookVerificationError.missingHeaders) { try verify(headers) }
        // An empty value counts as missing, as in Go.
        let emptied = vector.headers().map { $0.0 == name ? ($0.0, "") : $0 }
        #expect(throws: WebhookVerificationError.missingHeaders) { try verify(emptied) }
    }

    @Test func noHeadersAtAll() {
        #expect(throws: WebhookVerificationError.missingHeaders) { try verify([]) }
    }

    @Test func mixedHeaderSetsAreNotCombined() {
        let svix = vector.headers()
        let standard = vector.headers(prefix: "webhook")
        // svix-id and svix-timestamp with webhook-signature: neither set is complete (Go, Ruby).
        #expect(throws: WebhookVerificationError.missingHeaders) {
            try verify([svix[0], svix[1], standard[2]])
        }
        // An incomplete svix set falls back to a complete webhook set.
        #expect(throws: Never.self) { try verify([svix[0]] + standard) }
        // Both complete: the svix set is used, whatever the webhook set says.
        let bogus = vector.headers(signature: V.knownInvalidForDefault[0], prefix: "webhook")
        #expect(throws: Never.self) { try verify(svix + bogus) }
        let bogusSvix = vector.headers(signature: V.knownInvalidForDefault[0])
        #expect(throws: WebhookVerificationError.noMatchingSignature) { try verify(bogusSvix + standard) }
    }

    @Test func toleranceIsInclusiveAt300Seconds() {
        let ts = vector.timestamp
        let at = { (offset: TimeInterval) in Date(timeIntervalSince1970: TimeInterval(ts) + offset) }
        let headers = vector.headers()
        // The delivery's timestamp seen from `now = ts + offset`.
        #expect(throws: Never.self) { try verify(headers, now: at(300)) }
        #expect(throws: Never.self) { try verify(headers, now: at(300.999)) } // whole seconds
        #expect(throws: Never.self) { try verify(headers, now: at(-300)) }
        #expect(throws: Never.self) { try verify(headers, now: at(-299.5)) }
        #expect(throws: WebhookVerificationError.timestampTooOld) { try verify(headers, now: at(301)) }
        #expect(throws: WebhookVerificationError.timestampTooNew) { try verify(headers, now: at(-301)) }
        #expect(throws: WebhookVerificationError.timestampTooNew) { try verify(headers, now: at(-300.001)) }
    }

    @Test func signedNowMinusOrPlus301() {
        let now = Date()
        let seconds = Int64(now.timeIntervalSince1970)
        #expect(throws: WebhookVerificationError.timestampTooOld) { try verify(signed(at: seconds - 301), now: now) }
        #expect(throws: WebhookVerificationError.timestampTooNew) { try verify(signed(at: seconds + 301), now: now) }
        #expect(throws: Never.self) { try verify(signed(at: seconds - 300), now: now) }
        #expect(throws: Never.self) { try verify(signed(at: seconds + 300), now: now) }
    }

    @Test func timestampIsCheckedBeforeSignature() {
        var headers = vector.headers(signature: "v1,bogus")
        let late = Date(timeIntervalSince1970: TimeInterval(vector.timestamp + 1000))
        #expect(throws: WebhookVerificationError.timestampTooOld) { try verify(headers, now: late) }
        let early = Date(timeIntervalSince1970: TimeInterval(vector.timestamp - 1000))
        #expect(throws: WebhookVerificationError.timestampTooNew) { try verify(headers, now: early) }
        headers[1].1 = "hello"
        #expect(throws: WebhookVerificationError.invalidTimestamp) { try verify(headers) }
    }

    @Test func timestampChangedAfterSigningFails() {
        var headers = vector.headers()
        headers[1].1 = String(vector.timestamp + 1)
        #expect(throws: WebhookVerificationError.noMatchingSignature) { try verify(headers) }
    }

    @Test(arguments: [
        "hello", "1614265330abc", "1614265330.5", " 1614265330", "1614265330 ", "1614265330\n",
        "1 614265330", "0x60377a32", "1e9", "-", "+", "--1", "+-1", "99999999999999999999",
        "9223372036854775808", "-1", "0", "-0", "-1614265330", "\u{0661}\u{0666}", "１６１４２６５３３０",
    ])
    func invalidTimestamp(_ text: String) {
        var headers = vector.headers()
        headers[1].1 = text
        #expect(throws: WebhookVerificationError.invalidTimestamp) { try verify(headers) }
    }

    @Test func emptyTimestampIsAMissingHeader() {
        #expect(parseTimestamp("") == nil)
        var headers = vector.headers()
        headers[1].1 = ""
        #expect(throws: WebhookVerificationError.missingHeaders) { try verify(headers) }
    }

    @Test func nonCanonicalTimestampIsSignedInCanonicalForm() {
        // Every official library signs the parsed value's decimal, so "+…" and "0…" headers
        // verify against the signature made for the plain number.
        for text in ["01614265330", "+1614265330"] {
            var headers = vector.headers()
            headers[1].1 = text
            #expect(throws: Never.self) { try verify(headers) }
        }
    }

    @Test func farFutureOrPastClocksDoNotTrap() {
        let headers = vector.headers()
        #expect(throws: WebhookVerificationError.timestampTooNew) {
            try verify(headers, now: Date(timeIntervalSince1970: -1e300))
        }
        #expect(throws: WebhookVerificationError.timestampTooOld) {
            try verify(headers, now: Date(timeIntervalSince1970: 1e300))
        }
        var huge = headers
        huge[1].1 = String(Int64.max)
        #expect(throws: WebhookVerificationError.timestampTooNew) {
            try verify(huge, now: Date(timeIntervalSince1970: -1e300))
        }
    }

    // MARK: secrets and rotation

    @Test func oldAndNewSecretsBothAcceptedAThirdRejected() throws {
        let old = vector.secret
        let new = WebhookVectors.svixRust.secret
        let third = WebhookVectors.localClerk.secret
        let verifier = try WebhookVerifier(secrets: [old, new])
        for secret in [old, new] {
            #expect(throws: Never.self) {
                try verifier.verify(headers: lookup(signed(at: vector.timestamp, secret: secret)),
                                    body: vector.payload, now: vector.now)
            }
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verifier.verify(headers: lookup(signed(at: vector.timestamp, secret: third)),
                                body: vector.payload, now: vector.now)
        }
    }

    @Test func headerSignedWithBothSecretsDuringRotation() throws {
        let oldSigner = try WebhookSigner(secret: vector.secret)
        let newSigner = try WebhookSigner(secret: WebhookVectors.svixRust.secret)
        let both = [oldSigner, newSigner]
            .map { $0.signature(id: vector.msgID, timestamp: vector.timestamp, body: vector.payload) }
            .joined(separator: " ")
        for secret in [vector.secret, WebhookVectors.svixRust.secret] {
            #expect(throws: Never.self) { try verify(vector.headers(signature: both), secrets: [secret]) }
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verify(vector.headers(signature: both), secrets: [WebhookVectors.localClerk.secret])
        }
    }

    @Test func commaSeparatedSetting() throws {
        let setting = "  \(vector.secret) ,\t\(WebhookVectors.svixRust.secretWithoutPrefix)\n"
        let verifier = try WebhookVerifier(commaSeparated: setting)
        #expect(throws: Never.self) {
            try verifier.verify(headers: lookup(vector.headers()), body: vector.payload, now: vector.now)
        }
        let rust = WebhookVectors.svixRust
        #expect(throws: Never.self) {
            try verifier.verify(headers: lookup(rust.headers()), body: rust.payload, now: rust.now)
        }
        #expect(throws: WebhookSecretError.emptySecret(index: 1)) {
            try WebhookVerifier(commaSeparated: "\(vector.secret),,\(rust.secret)")
        }
        #expect(throws: WebhookSecretError.emptySecret(index: 1)) {
            try WebhookVerifier(commaSeparated: "\(vector.secret), ")
        }
        #expect(throws: WebhookSecretError.emptySecret(index: 0)) { try WebhookVerifier(commaSeparated: "") }
        #expect(throws: WebhookSecretError.emptySecret(index: 0)) { try WebhookVerifier(commaSeparated: " whsec_ ") }
    }

    @Test func emptyAndInvalidSecretsRejected() {
        #expect(throws: WebhookSecretError.noSecrets) { try WebhookVerifier(secrets: []) }
        #expect(throws: WebhookSecretError.emptySecret(index: 0)) { try WebhookVerifier(secret: "") }
        #expect(throws: WebhookSecretError.emptySecret(index: 0)) { try WebhookVerifier(secret: "whsec_") }
        #expect(throws: WebhookSecretError.emptySecret(index: 1)) { try WebhookVerifier(secrets: [vector.secret, ""]) }
        #expect(throws: WebhookSecretError.invalidBase64(index: 0)) { try WebhookVerifier(secret: "whsec_not base64!") }
        #expect(throws: WebhookSecretError.invalidBase64(index: 0)) { try WebhookVerifier(secret: "whpk_abcd") }
    }

    // MARK: bodies

    @Test func bodyIsSignedAsRawBytes() throws {
        let body: [UInt8] = [0xff, 0xfe, 0x00, 0x2e, 0x80] // not UTF-8
        let headers = try WebhookSigner(secret: vector.secret).headers(id: "msg_x", timestamp: vector.timestamp, body: body)
        #expect(try verify(headers, body: body).id == "msg_x")
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try verify(headers, body: [0xff, 0xfe, 0x00, 0x2e])
        }
    }

    @Test func emptyBody() throws {
        let headers = try WebhookSigner(secret: vector.secret).headers(id: "msg_x", timestamp: vector.timestamp, body: [])
        #expect(try verify(headers, body: []).id == "msg_x")
    }
}
