import Mirror

/// `clerk-mirror healthcheck`: exit 0 when the service at `MIRROR_LISTEN` answers `/healthz`
/// with 200, 1 otherwise; for Docker's HEALTHCHECK.
enum HealthcheckCommand {
    static func run(_ words: [String], settings: Settings) async {
        guard words.isEmpty else { ClerkMirrorCommand.fail("healthcheck takes no arguments", status: 2) }
        do {
            try await HealthProbe.check(settings.listen)
        } catch {
            ClerkMirrorCommand.fail("unhealthy: \(error)", status: 1)
        }
    }
}
