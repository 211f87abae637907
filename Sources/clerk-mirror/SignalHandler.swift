import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into one call of `action`, on a Dispatch queue rather than in a
/// signal handler (where almost nothing is safe to do).
final class SignalHandler {
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32] = [SIGTERM, SIGINT], action: @escaping @Sendable (Int32) -> Void) {
        sources = signals.map { number in
            // The default disposition would kill the process before the source sees the signal.
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
