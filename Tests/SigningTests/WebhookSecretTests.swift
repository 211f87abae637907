import Testing
@testable import Signing

@Suite struct WebhookSecretTests {
    @Test func keyIsTheDecodedPartAfterThePrefix() throws {
        let v = WebhookVectors.localClerk
        let expected = Array("test_signing_secret_32_chars_long".utf8)
        #expect(try webhookKey(fromSecret: v.secret, index: 0) == expected)
        #expect(try webhookKey(fromSecret: v.secretWithoutPrefix, index: 0) == expected)
    }

    @Test func noMinimumLength() throws {
        // The Svix docs' example secret is 18 bytes; the OSS server's 24.
        #expect(try webhookKey(fromSecret: WebhookVectors.svixDocs.secret, index: 0).count == 18)
        #expect(try webhookKey(fromSecret: WebhookVectors.svixDefault.secret, index: 0).count == 24)
        #expect(try webhookKey(fromSecret: "whsec_aw", index: 0) == Array("k".utf8))
    }

    @Test func unpaddedSecretsAreAccepted() throws {
        // Python standardwebhooks appends "==" before decoding.
        #expect(try webhookKey(fromSecret: "whsec_aw", index: 0) == webhookKey(fromSecret: "whsec_aw==", index: 0))
        #expect(try webhookKey(fromSecret: "Zm9vYmE", index: 0) == Array("fooba".utf8))
    }

    @Test func prefixIsRemovedOnlyOnce() throws {
        // "whsec_" is not base64 itself, so a doubled prefix is an error, not a silent strip.
        #expect(throws: WebhookSecretError.invalidBase64(index: 3)) {
            try webhookKey(fromSecret: "whsec_whsec_aw==", index: 3)
        }
    }

    @Test(arguments: ["", "whsec_"])
    func emptyRejected(_ secret: String) {
        #expect(throws: WebhookSecretError.emptySecret(index: 2)) { try webhookKey(fromSecret: secret, index: 2) }
    }

    @Test(arguments: ["whsec_abc$", "whsec_ aw==", "whsec_aw=", "whsec_a", "whsec_-_-_", "whsk_aw==", "whpk_aw==", "whsec_=="])
    func invalidBase64Rejected(_ secret: String) {
        #expect(throws: WebhookSecretError.invalidBase64(index: 0)) { try webhookKey(fromSecret: secret, index: 0) }
    }

    @Test func descriptionsNeverHoldTheSecret() {
        let secret = "whsec_not/a+secret$$"
        do {
            _ = try WebhookVerifier(secrets: [WebhookVectors.svixDefault.secret, secret])
            Issue.record("accepted an invalid secret")
        } catch {
            #expect(error == .invalidBase64(index: 1))
            #expect(!error.description.contains("not/a+secret"))
            #expect(!String(reflecting: error).contains("not/a+secret"))
        }
        for error in [WebhookSecretError.noSecrets, .emptySecret(index: 0), .invalidBase64(index: 0)] {
            #expect(!error.description.contains("whsec_"))
            #expect(!error.description.isEmpty)
        }
    }
}
