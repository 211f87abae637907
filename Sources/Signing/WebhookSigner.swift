/// Signs webhook deliveries as Svix does, for tests and the fake Clerk server's sender.
public struct WebhookSigner: Sendable {
    private let key: HMACSHA256

    /// The secret with or without `whsec_`, as for `WebhookVerifier`.
    public init(secret: String) throws(WebhookSecretError) {
        key = HMACSHA256(key: try webhookKey(fromSecret: secret, index: 0))
    }

    /// One signature entry, `"v1,<base64 HMAC-SHA256 of id.timestamp.body>"`.
    public func signature(id: String, timestamp: Int64, body: [UInt8]) -> String {
        "v1," + webhookSignature(keyed: key, id: id, timestamp: timestamp, body: body)
    }

    /// The three headers of a delivery, id, timestamp then signature, under `names`.
    public func headers(
        id: String, timestamp: Int64, body: [UInt8], names: WebhookHeaderNames = .svix
    ) -> [(String, String)] {
        [
            (names.id, id),
            (names.timestamp, String(timestamp)),
            (names.signature, signature(id: id, timestamp: timestamp, body: body)),
        ]
    }
}
