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
    /// One on SQLite (a single writer); several on PostgreSQL, where claims skip each other's
    /// rows and each worker's statements wait on the network, not the CPU.
    let workers: [InboxWorker]
    let listener: PostgresListener?
    /// Nil without `CLERK_SECRET_KEY`.
    public let reconciler: Reconciler?
    private let scheduler: ReconcileScheduler?
    private let schedulerTask = Mutex<Task<Void, Never>?>(nil)
    private let workerTasks = Mutex<[Task<Void, Never>]>([])
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
            database = try settings.database.open(poolSize: 10)
        } catch {
            throw SettingsError("DATABASE_URL", "\(error)")
        }
        var workerConfiguration = WorkerConfiguration()
        workerConfiguration.maxAttempts = settings.eventMaxAttempts
        workerConfiguration.retention = settings.inboxRetention
        let ingest = IngestActivity()
        let workerMetrics = WorkerMetrics(registry: metrics)
        let database = self.database
        let workers = (0..<(settings.database.dialect == .postgres ? 4 : 1)).map { _ in
            InboxWorker(database: database, configuration: workerConfiguration, logger: logger.child("worker"),
                        metrics: workerMetrics, ingest: ingest, now: now)
        }
        self.workers = workers
        if case .postgres(let options) = settings.database {
            // Rows committed by other processes sharing this database wake this worker too.
            listener = PostgresListener(options: options, channel: InboxWriter.channel, logger: logger.child("listen")) {
                workers.forEach { $0.wakeUp() }
            }
        } else {
            listener = nil
        }
        reconciler = Reconciler.fromSettings(settings, database: database, metrics: metrics, logger: logger, now: now)
        scheduler = reconciler.map { ReconcileScheduler(reconciler: $0, logger: logger.child("reconciler")) }
        var router = Router()
        if let verifier {
            let inbox = InboxWriter(database: database, activity: ingest) { stored in
                if stored > 0 { workers.forEach { $0.wakeUp() } }
            }
            WebhookEndpoint(verifier: verifier, inbox: inbox, metrics: WebhookMetrics(registry: metrics),
                            logger: logger.child("webhooks"), now: now).register(in: &router)
        }
        HealthEndpoints(database: database, metrics: metrics).register(in: &router)
        _ = MirrorGauges(registry: metrics, database: database, logger: logger.child("metrics"))
        var admin = AdminEndpoints(adminKey: settings.adminKey, logger: logger.child("admin"))
        OperationsAdminRoutes(database: database, logger: logger.child("admin"), now: now) { workers.forEach { $0.wakeUp() } }
            .register(in: &admin)
        ReconcileAdminRoutes(reconciler: reconciler, runs: SyncRunStore(database: database), logger: logger.child("admin"))
            .register(in: &admin)
        admin.register(in: &router)
        ReadEndpoints(database: database, apiKeys: settings.apiKeys, stripPrivateMetadata: settings.stripPrivateMetadata,
                      logger: logger.child("read")).register(in: &router)
        let requests = metrics.histogram(
            "clerk_mirror_http_request_duration_seconds", help: "HTTP requests by route and status.",
            labels: ["route", "method", "status"], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1])
        let configuration = HTTPServerConfiguration(
            host: settings.listen.host, port: settings.listen.port,
            // In-flight requests get most of the shutdown deadline; the batch in hand and
            // closing the store get the rest.
            shutdownGracePeriod: settings.shutdownTimeout * 7 / 10, logger: logger.child("http"),
            observer: { route, method, status, seconds in
                requests.observe(seconds, route.isEmpty ? "unmatched" : route, method, String(status))
            })
        server = HTTPServer(configuration: configuration, router: router)
    }

    /// Migrates, then starts listening; returns the bound port.
    public func start() async throws -> Int {
        let applied = try await MigrationRunner(database: database, logger: logger.child("migrations")).migrate()
        logger.info("store_ready", ["database": settings.database.description, "migrations_applied": String(applied.count)])
        warnAboutWhatIsOff()
        // A signal during the migrations: stop before anything starts.
        guard !isStopping else { throw CancellationError() }
        let tasks = workers.map { worker in Task { await worker.run() } }
        workerTasks.withLock { $0 = tasks }
        listener?.start()
        if let scheduler {
            schedulerTask.withLock { $0 = Task { await scheduler.run() } }
        }
        let port = try await server.start()
        logger.info("serving", ["listen": ListenAddress(host: settings.listen.host, port: port).description])
        return port
    }

    /// A part left off by a missing setting is legal but rarely meant: say so once, at start.
    private func warnAboutWhatIsOff() {
        if reconciler == nil {
            logger.warning("reconciler_off", ["reason": "CLERK_SECRET_KEY is not set; nothing repairs what webhooks miss"])
        }
        if settings.apiKeys.isEmpty {
            logger.warning("read_api_closed", ["reason": "MIRROR_API_KEYS is not set; every /v1 request is refused"])
        }
        if settings.adminKey == nil {
            logger.warning("admin_closed", ["reason": "MIRROR_ADMIN_KEY is not set; every /admin request is refused"])
        }
    }

    /// Returns when the service has stopped, the store closed included.
    public func run() async throws {
        // The server would start itself if it never did; after a shutdown it must not.
        if !isStopping { try await server.run() }
        await shutdown()
    }

    /// True once `shutdown()` was called.
    public var isStopping: Bool { stopping.withLock { $0 != nil } }

    /// Stops accepting, lets in-flight requests finish, then closes the store. Every caller
    /// waits for the same shutdown.
    public func shutdown() async {
        let task = stopping.withLock { task in
            if let task { return task }
            let server = self.server, database = self.database, logger = self.logger
            let workers = self.workers, listener = self.listener, reconciler = self.reconciler
            let running = workerTasks.withLock { $0 }
            let reconciling = schedulerTask.withLock { $0 }
            let started = Task {
                logger.info("shutting_down")
                // In order: no new requests, in-flight ones answered, the batch in hand
                // applied, then the store closed.
                await server.shutdown()
                // A pass in progress records itself as interrupted.
                reconciling?.cancel()
                await reconciling?.value
                await reconciler?.stopBackground()
                workers.forEach { $0.stop() }
                for task in running { await task.value }
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
