import Foundation
import Testing
import Signing

@Suite struct WebhookVerificationErrorTests {
    static let all: [WebhookVerificationError] = [
        .missingHeaders, .invalidTimestamp, .timestampTooOld, .timestampTooNew, .noMatchingSignature,
    ]

    @Test func descriptionsAreDistinctShortReasons() {
        let descriptions = Self.all.map(\.description)
        #expect(Set(descriptions).count == Self.all.count)
        for description in descriptions {
            #expect(!description.isEmpty && description.count < 60)
        }
    }

    /// Drive every error out of a real verifier and check that neither the secret (with or
    /// without its prefix, nor its decoded key) nor the expected signature leaks into it.
    @Test func descriptionsHoldNeitherSecretNorExpectedSignature() throws {
        let v = WebhookVectors.localClerk
        let verifier = try WebhookVerifier(secret: v.secret)
        let forbidden = [v.secret, v.secretWithoutPrefix, "test_signing_secret", v.expectedSignature,
                         String(v.expectedSignature.prefix(10))]
        var headerSets: [([(String, String)], Date)] = []
        headerSets.append(([], v.now))
        var bad = v.headers()
        bad[1].1 = "x"
        headerSets.append((bad, v.now))
        headerSets.append((v.headers(), v.now.addingTimeInterval(1000)))
        headerSets.append((v.headers(), v.now.addingTimeInterval(-1000)))
        headerSets.append((v.headers(signature: "v1,AAAA"), v.now))

        var seen: [WebhookVerificationError] = []
        for (headers, now) in headerSets {
            do {
                _ = try verifier.verify(headers: lookup(headers), body: v.payload, now: now)
                Issue.record("verified unexpectedly")
            } catch {
                seen.append(error)
                for text in [error.description, String(reflecting: error), "\(error)"] {
                    for secret in forbidden { #expect(!text.contains(secret)) }
                }
            }
        }
        #expect(seen == Self.all)
    }
}
