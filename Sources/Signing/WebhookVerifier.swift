import Foundation

/// A webhook delivery whose signature and timestamp checked out.
public struct VerifiedDelivery: Sendable, Equatable {
    /// The message id (`svix-id`), the same across retries of one message.
    public let id: String
    /// The attempt's timestamp, seconds since the epoch.
    public let timestamp: Int64

    public init(id: String, timestamp: Int64) {
        self.id = id
        self.timestamp = timestamp
    }
}

/// Verifies Svix / Standard Webhooks `v1` signatures the way the official Svix libraries do
/// (PROTOCOL.md §1), given one secret or several during a rotation.
public struct WebhookVerifier: Sendable {
    /// Allowed distance between the timestamp and now, either way, inclusive (PROTOCOL.md §1.5).
    public static let toleranceSeconds: Int64 = 300

    /// One keyed HMAC per secret, copied for each delivery.
    private let keys: [HMACSHA256]

    /// Each secret with or without `whsec_`. A delivery is accepted if any `v1` entry matches
    /// any secret, so old and new secrets can both be listed while Clerk rotates them.
    public init(secrets: [String]) throws(WebhookSecretError) {
        guard !secrets.isEmpty else { throw .noSecrets }
        var keys: [HMACSHA256] = []
        for (index, secret) in secrets.enumerated() {
            keys.append(HMACSHA256(key: try webhookKey(fromSecret: secret, index: index)))
        }
        self.keys = keys
    }

    public init(secret: String) throws(WebhookSecretError) {
        try self.init(secrets: [secret])
    }

    /// The `CLERK_WEBHOOK_SIGNING_SECRET` setting: one or more secrets separated by commas
    /// (base64 has no commas), whitespace around each trimmed. A blank piece, as in `"a,,b"`
    /// or `"a,"`, is refused rather than skipped, since it usually means a pasting mistake.
    public init(commaSeparated setting: String) throws(WebhookSecretError) {
        let secrets = setting.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        try self.init(secrets: secrets)
    }

    /// Checks one delivery.
    ///
    /// - Parameters:
    ///   - headers: the caller's header lookup, called with lowercase names (`svix-id`, …) and
    ///     expected to ignore case. An empty value counts as missing, as in Go's
    ///     `headers.Get(...) == ""`.
    ///   - body: the raw request body, exactly as received.
    ///   - now: the current time; the timestamp must be within ±300 s of it, in whole seconds.
    ///
    /// Header sets follow Go and Ruby: all three `svix-*` headers if present, otherwise all
    /// three `webhook-*` headers, never a mix (Rust falls back header by header; Clerk only
    /// sends `svix-*`). The timestamp is checked before the signature, so a stale replay is
    /// reported as stale whatever its signature.
    public func verify(
        headers: (String) -> String?, body: [UInt8], now: Date
    ) throws(WebhookVerificationError) -> VerifiedDelivery {
        guard let (id, timestampText, signatureHeader) = Self.headerValues(headers) else {
            throw .missingHeaders
        }
        guard let timestamp = parseTimestamp(timestampText), timestamp > 0 else {
            throw .invalidTimestamp
        }
        try checkTolerance(timestamp: timestamp, now: now, seconds: Self.toleranceSeconds)

        let candidates = Self.v1Signatures(in: signatureHeader)
        for key in keys {
            let expected = webhookSignature(keyed: key, id: id, timestamp: timestamp, body: body)
            for candidate in candidates where constantTimeEquals(candidate.utf8, expected.utf8) {
                return VerifiedDelivery(id: id, timestamp: timestamp)
            }
        }
        throw .noMatchingSignature
    }

    private static func headerValues(_ lookup: (String) -> String?) -> (String, String, String)? {
        for names in [WebhookHeaderNames.svix, .standard] {
            if let id = nonEmpty(lookup(names.id)),
               let timestamp = nonEmpty(lookup(names.timestamp)),
               let signature = nonEmpty(lookup(names.signature)) {
                return (id, timestamp, signature)
            }
        }
        return nil
    }

    private static func nonEmpty(_ value: String?) -> String? {
        value.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The signature parts of the space-separated entries whose version is exactly `v1`, each
    /// split at its first comma as in Rust (`split_once`), PHP and Ruby. Entries without a comma
    /// or with another version (`v1a`, `v2`) are skipped. An empty or malformed `v1` signature
    /// is kept and simply never equals the 44-character expected one: the signatures are
    /// compared as base64 text, as Go and Rust do, so nothing is decoded and nothing can fail.
    private static func v1Signatures(in header: String) -> [Substring] {
        header.split(separator: " ").compactMap { entry in
            guard let comma = entry.firstIndex(of: ","), entry[..<comma] == "v1" else { return nil }
            return entry[entry.index(after: comma)...]
        }
    }
}
