import ClerkAPI
import Foundation
import Logging
import Store

extension Reconciler {
    /// The reconciler the settings describe, over a `ClerkClient` at `CLERK_API_URL` with
    /// `CLERK_API_RATE` and `CLERK_API_TIMEOUT`; nil without `CLERK_SECRET_KEY`.
    public static func fromSettings(_ settings: Settings, database: any Database, metrics: MetricsRegistry?,
                                    logger: Logger, now: @escaping @Sendable () -> Date = Date.init) -> Reconciler? {
        guard let secretKey = settings.clerkSecretKey else { return nil }
        let client = ClerkClient(
            configuration: ClerkClientConfiguration(baseURL: settings.clerkAPIURL, secretKey: secretKey,
                                                    version: MirrorVersion.current, timeout: settings.clerkAPITimeout,
                                                    requestsPerSecond: settings.clerkAPIRate),
            logger: logger.child("clerk_api"))
        return Reconciler(database: database, location: settings.database, source: client,
                          configuration: ReconcilerConfiguration(settings: settings), logger: logger.child("reconciler"),
                          metrics: metrics.map { ReconcileMetrics(registry: $0, client: client) }, now: now)
    }
}
