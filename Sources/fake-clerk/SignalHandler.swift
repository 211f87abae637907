import Dispatch
import Glibc

/// Turns SIGINT and SIGTERM into a call on a Dispatch queue, where it is safe to do work.
final class SignalHandler {
    private let sources: [any DispatchSourceSignal]

    init(action: @escaping @Sendable (Int32) -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            // Ignored first, or the default action would end the process before the source runs.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { action(number) }
            source.resume()
            return source
        }
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
