import Foundation
import HTTPServer
import Logging
import Signing
import Store
import Synchronization

/// Every role of `clerk-mirror serve`, wired from the settings: migrations first, then the
/// HTTP server with the webhook receiver, health, readiness and metrics.
///
/// Lifecycle: `start()` returns the bound port once listening; `shutdown()` stops accepting,
/// lets in-flight requests finish, then closes the store.
public final class MirrorService: Sendable {
    public let settings: Settings
    public let metrics = MetricsRegistry()
    let database: any Database
    let server: HTTPServer
    let logger: Logger
    let worker: InboxWorker
    let listener: PostgresListener?
    private let workerTask = Mutex<Task<Void, Never>?>(nil)
    private let stopping = Mutex<Task<Void, Never>?>(nil)

    public init(settings: Settings, options: ServeOptions, logger: Logger,
                now: @escaping @Sendable () -> Date = Date.init) throws(SettingsError) {
        self.settings = settings
        self.logger = logger
        let verifier: WebhookVerifier?
        if options.noWebhooks {
            verifier = nil
        } else {
            guard let secret = settings.webhookSigningSecret else {
                throw SettingsError("CLERK_WEBHOOK_SIGNING_SECRET", "required by serve (or pass --no-webhooks)")
            }
            do {
                verifier = try WebhookVerifier(commaSeparated: secret)
            } catch {
                throw SettingsError("CLERK_WEBHOOK_SIGNING_SECRET", "\(error)")
            }
        }
        do {
            database = try settings.database.open()
        } catch {
            throw SettingsError("DATABASE_URL", "\(error)")
        }
        var workerConfiguration = WorkerConfiguration()
        workerConfiguration.maxAttempts = settings.eventMaxAttempts
        workerConfiguration.retention = settings.inboxRetention
        let worker = InboxWorker(database: database, configuration: workerConfiguration, logger: logger.child("worker"),
                                 metrics: WorkerMetrics(registry: metrics), now: now)
        self.worker = worker
        if case .postgres(let options) = settings.database {
            // Rows committed by other processes sharing this database wake this worker too.
            listener = PostgresListener(options: options, channel: InboxWriter.channel, logger: logger.child("listen")) {
                worker.wakeUp()
            }
        } else {
            listener = nil
        }
        var router = Router()
        if let verifier {
            let inbox = InboxWriter(database: database) { stored in
                if stored > 0 { worker.wakeUp() }
            }
            WebhookEndpoint(verifier: verifier, inbox: inbox, metrics: WebhookMetrics(registry: metrics),
                            logger: logger.child("webhooks"), now: now).register(in: &router)
        }
        HealthEndpoints(database: database, metrics: metrics).register(in: &router)
        ReadEndpoints(database: database, apiKeys: settings.apiKeys, stripPrivateMetadata: settings.stripPrivateMetadata,
                      logger: logger.child("read")).register(in: &router)
        let requests = metrics.histogram(
            "clerk_mirror_http_request_duration_seconds", help: "HTTP requests by route and status.",
            labels: ["route", "method", "status"], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1])
        let configuration = HTTPServerConfiguration(
            host: settings.listen.host, port: settings.listen.port, logger: logger.child("http"),
            observer: { route, method, status, seconds in
                requests.observe(seconds, route.isEmpty ? "unmatched" : route, method, String(status))
            })
        server = HTTPServer(configuration: configuration, router: router)
    }

    /// Migrates, then starts listening; returns the bound port.
    public func start() async throws -> Int {
        let applied = try await MigrationRunner(database: database, logger: logger.child("migrations")).migrate()
        logger.info("store_ready", ["database": settings.database.description, "migrations_applied": String(applied.count)])
        let worker = self.worker
        workerTask.withLock { $0 = Task { await worker.run() } }
        listener?.start()
        let port = try await server.start()
        logger.info("serving", ["listen": "\(settings.listen.host):\(port)"])
        return port
    }

    /// Returns when the service has stopped, the store closed included.
    public func run() async throws {
        try await server.run()
        await shutdown()
    }

    /// Stops accepting, lets in-flight requests finish, then closes the store. Every caller
    /// waits for the same shutdown.
    public func shutdown() async {
        let task = stopping.withLock { task in
            if let task { return task }
            let server = self.server, database = self.database, logger = self.logger
            let worker = self.worker, listener = self.listener
            let running = workerTask.withLock { $0 }
            let started = Task {
                logger.info("shutting_down")
                // In order: no new requests, in-flight ones answered, the batch in hand
                // applied, then the store closed.
                await server.shutdown()
                worker.stop()
                await running?.value
                await listener?.stop()
                await database.close()
                logger.info("stopped")
            }
            task = started
            return started
        }
        await task.value
    }
}
