import Logging
import Synchronization

/// What every connection of one running server shares.
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let router: Router
    let loop: EventLoop
    let dates = DateCache()
    let headerTimeout: UInt64
    let idleTimeout: UInt64
    let logger: Logger
    /// Set by shutdown: responses then close their connection.
    let draining = Atomic<Bool>(false)
    let openConnections = Atomic<Int>(0)

    init(configuration: HTTPServerConfiguration, router: Router, loop: EventLoop) {
        self.configuration = configuration
        self.router = router
        self.loop = loop
        self.headerTimeout = MonotonicClock.nanoseconds(configuration.headerReadTimeout)
        self.idleTimeout = MonotonicClock.nanoseconds(configuration.idleTimeout)
        self.logger = configuration.logger
    }
}
