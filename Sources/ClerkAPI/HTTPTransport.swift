import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP exchange over `URLSession`, with a hard deadline per attempt, cancellation,
/// no cookies, no cache and no redirects followed (a redirect could carry the
/// `Authorization` header to another host; a 3xx is returned as is).
final class HTTPTransport: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String]

        /// Case-insensitive header lookup.
        func header(_ name: String) -> String? {
            let lowered = name.lowercased()
            return headers.first { $0.key.lowercased() == lowered }?.value
        }
    }

    private let session: URLSession
    private let timeout: Duration

    init(timeout: Duration) {
        let configuration = URLSessionConfiguration.ephemeral
        // swift-corelibs-foundation hands timeouts to libcurl as whole seconds (0.5 s
        // becomes "at once", 1.5 s becomes 1 s), so URLSession gets a whole-second margin
        // and the exact deadline is `Exchange`'s own timer.
        let margin = urlSessionTimeout(timeout)
        configuration.timeoutIntervalForRequest = margin
        configuration.timeoutIntervalForResource = margin
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        self.session = URLSession(configuration: configuration, delegate: RedirectRefuser(),
                                  delegateQueue: nil)
        self.timeout = timeout
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// Sends `request`. Throws `ClerkAPIError.transport` when no HTTP answer came (the
    /// deadline included) and `CancellationError` when the task was cancelled.
    func perform(_ request: URLRequest) async throws -> Response {
        var request = request
        request.timeoutInterval = urlSessionTimeout(timeout)
        let exchange = Exchange()
        let hostDescription = Self.hostDescription(request.url)
        let timeout = self.timeout
        let session = self.session
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Response, any Error>) in
                let task = session.dataTask(with: request) { data, response, error in
                    let outcome = exchange.finish()
                    if outcome.cancelledByCaller {
                        continuation.resume(throwing: CancellationError())
                    } else if outcome.timedOut {
                        continuation.resume(throwing: ClerkAPIError.transport(
                            "timed out after \(formatSeconds(timeout)) (\(hostDescription))"))
                    } else if let error {
                        continuation.resume(throwing: Self.transportError(error, hostDescription, timeout))
                    } else if let http = response as? HTTPURLResponse {
                        var headers: [String: String] = [:]
                        for (key, value) in http.allHeaderFields {
                            if let key = key as? String, let value = value as? String { headers[key] = value }
                        }
                        continuation.resume(returning: Response(status: http.statusCode, body: data ?? Data(),
                                                                headers: headers))
                    } else {
                        continuation.resume(throwing: ClerkAPIError.transport(
                            "no HTTP response (\(hostDescription))"))
                    }
                }
                exchange.start(task, deadline: timeout)
            }
        } onCancel: {
            exchange.cancelByCaller()
        }
    }

    /// `host:port`, never the path or query.
    static func hostDescription(_ url: URL?) -> String {
        guard let url, let host = url.host else { return "unknown host" }
        if let port = url.port { return "\(host):\(port)" }
        return host
    }

    static func transportError(_ error: any Error, _ host: String, _ timeout: Duration) -> ClerkAPIError {
        guard let urlError = error as? URLError else {
            let nsError = error as NSError
            return .transport("\(nsError.domain) error \(nsError.code) (\(host))")
        }
        let what: String
        switch urlError.code {
        case .timedOut: what = "timed out after \(formatSeconds(timeout))"
        case .cannotConnectToHost: what = "connection refused"
        case .networkConnectionLost: what = "connection lost"
        case .cannotFindHost, .dnsLookupFailed: what = "cannot resolve host"
        case .notConnectedToInternet: what = "no network"
        case .badServerResponse: what = "bad server response"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            what = "TLS failure"
        case .httpTooManyRedirects, .redirectToNonExistentLocation: what = "redirect refused"
        case .unknown: what = "unknown URL error -1 (e.g. connection closed mid-answer)"
        default: what = "URL error \(urlError.code.rawValue)"
        }
        return .transport("\(what) (\(host))")
    }
}

/// Whole seconds, at least one more than `deadline`.
private func urlSessionTimeout(_ deadline: Duration) -> TimeInterval {
    deadline.seconds.rounded(.up) + 1
}

/// The life of one data task: started, then finished by exactly one of completion,
/// deadline or caller cancellation (the latter two cancel the task, which then completes).
/// Unchecked: every field is read and written under `lock`.
private final class Exchange: @unchecked Sendable {
    private let lock = NSLock()
    private var task: URLSessionDataTask?
    private var timer: DispatchWorkItem?
    private var timedOut = false
    private var cancelledByCaller = false
    private var finished = false

    func start(_ task: URLSessionDataTask, deadline: Duration) {
        let timer = DispatchWorkItem { [self] in
            let task: URLSessionDataTask? = lock.withLock {
                guard !finished, !cancelledByCaller else { return nil }
                timedOut = true
                return self.task
            }
            task?.cancel()
        }
        let cancelNow = lock.withLock {
            self.task = task
            self.timer = timer
            return cancelledByCaller
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + deadline.seconds, execute: timer)
        task.resume()
        if cancelNow { task.cancel() }
    }

    func cancelByCaller() {
        let task: URLSessionDataTask? = lock.withLock {
            guard !finished, !timedOut else { return nil }
            cancelledByCaller = true
            return self.task
        }
        task?.cancel()
    }

    func finish() -> (timedOut: Bool, cancelledByCaller: Bool) {
        let (timer, outcome) = lock.withLock {
            finished = true
            let timer = self.timer
            self.timer = nil
            self.task = nil
            return (timer, (timedOut, cancelledByCaller))
        }
        timer?.cancel()
        return outcome
    }
}

/// Refuses every redirect: the 3xx itself is handed back.
private final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask,
                    willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest,
                    completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
