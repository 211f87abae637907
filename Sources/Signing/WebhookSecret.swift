/// Why a webhook signing secret was refused. Never carries the secret's text, only its place in
/// the list given (counting from 0), so the error can be logged as is.
public enum WebhookSecretError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No secret at all was given.
    case noSecrets
    /// The secret at `index` is `""` or `"whsec_"` (or blank in a comma-separated setting).
    case emptySecret(index: Int)
    /// The secret at `index` is not standard base64 after its `whsec_` prefix.
    case invalidBase64(index: Int)

    public var description: String {
        switch self {
        case .noSecrets: "no webhook signing secret given"
        case .emptySecret(let index): "webhook signing secret at index \(index) is empty"
        case .invalidBase64(let index): "webhook signing secret at index \(index) is not valid base64"
        }
    }
}

/// The HMAC key of a Svix / Standard Webhooks secret: the base64-decoded bytes after an optional
/// `whsec_` prefix (PROTOCOL.md §1.3). No minimum length is enforced: the Svix docs' own example
/// secret decodes to 18 bytes.
func webhookKey(fromSecret secret: String, index: Int) throws(WebhookSecretError) -> [UInt8] {
    let encoded = secret.hasPrefix("whsec_") ? secret.dropFirst("whsec_".count) : Substring(secret)
    guard !encoded.isEmpty else { throw .emptySecret(index: index) }
    guard let key = Base64.decode(encoded) else { throw .invalidBase64(index: index) }
    // Unreachable under `decode`'s rules (valid non-empty input gives at least one byte); kept
    // because the libraries' rule ("secret may not be blank") is about the decoded key.
    guard !key.isEmpty else { throw .emptySecret(index: index) }
    return key
}
