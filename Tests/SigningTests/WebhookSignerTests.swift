import Testing
import Signing

@Suite struct WebhookSignerTests {
    @Test(arguments: WebhookVectors.all)
    func reproducesEveryVectorWithAndWithoutPrefix(_ v: SignVector) throws {
        for secret in [v.secret, v.secretWithoutPrefix] {
            let signer = try WebhookSigner(secret: secret)
            #expect(signer.signature(id: v.msgID, timestamp: v.timestamp, body: v.payload) == v.expectedHeader)
        }
    }

    @Test func headersInSvixAndStandardNames() throws {
        let v = WebhookVectors.svixDefault
        let signer = try WebhookSigner(secret: v.secret)
        let svix = signer.headers(id: v.msgID, timestamp: v.timestamp, body: v.payload)
        #expect(svix.map(\.0) == ["svix-id", "svix-timestamp", "svix-signature"])
        #expect(svix.map(\.1) == [v.msgID, "1614265330", v.expectedHeader])

        let standard = signer.headers(id: v.msgID, timestamp: v.timestamp, body: v.payload, names: .standard)
        #expect(standard.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(standard.map(\.1) == svix.map(\.1))
    }

    @Test func signatureIsV1AndFortyFourBase64Characters() throws {
        let signer = try WebhookSigner(secret: WebhookVectors.svixDefault.secret)
        for body in [[], [0], Array("x".utf8), [UInt8](repeating: 7, count: 1000)] as [[UInt8]] {
            let signature = signer.signature(id: "msg_1", timestamp: 1, body: body)
            #expect(signature.hasPrefix("v1,"))
            #expect(signature.count == 3 + 44)
            #expect(signature.hasSuffix("="))
        }
    }

    @Test func rejectsTheSameSecretsAsTheVerifier() {
        #expect(throws: WebhookSecretError.emptySecret(index: 0)) { try WebhookSigner(secret: "") }
        #expect(throws: WebhookSecretError.emptySecret(index: 0)) { try WebhookSigner(secret: "whsec_") }
        #expect(throws: WebhookSecretError.invalidBase64(index: 0)) { try WebhookSigner(secret: "whsec_%%%") }
    }
}
