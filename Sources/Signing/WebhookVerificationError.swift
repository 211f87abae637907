/// Why a webhook delivery was refused; each becomes an HTTP 400.
///
/// The descriptions are short fixed reasons: they never hold a secret, an expected signature or
/// header values, so they are safe to log and to send back to the caller.
public enum WebhookVerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither the `svix-*` nor the `webhook-*` set of three headers is complete.
    case missingHeaders
    /// The timestamp is not a decimal Int64, or is ≤ 0.
    case invalidTimestamp
    /// The timestamp is more than 300 s before now.
    case timestampTooOld
    /// The timestamp is more than 300 s after now.
    case timestampTooNew
    /// No `v1` entry of the signature header matches any secret.
    case noMatchingSignature

    public var description: String {
        switch self {
        case .missingHeaders: "missing required webhook headers"
        case .invalidTimestamp: "invalid webhook timestamp"
        case .timestampTooOld: "webhook timestamp too old"
        case .timestampTooNew: "webhook timestamp too new"
        case .noMatchingSignature: "no matching webhook signature"
        }
    }
}
