import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `clerk-mirror healthcheck`: asks the running service's `/healthz` whether it is alive, as
/// a container's HEALTHCHECK does.
public enum HealthProbe {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The URL of `/healthz` for a service listening on `listen`; a wildcard address is
    /// reached over loopback.
    public static func url(for listen: ListenAddress) throws(Failure) -> URL {
        guard listen.port != 0 else { throw Failure(description: "MIRROR_LISTEN has port 0: no fixed port to check") }
        var host = listen.host
        if host == "0.0.0.0" { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        let authority = ListenAddress(host: host, port: listen.port).description
        guard let url = URL(string: "http://\(authority)/healthz") else {
            throw Failure(description: "MIRROR_LISTEN \(listen) does not make a URL")
        }
        return url
    }

    /// Returns when `/healthz` answered 200; throws with what went wrong otherwise.
    public static func check(_ listen: ListenAddress, timeout: Duration = .seconds(5)) async throws(Failure) {
        let url = try url(for: listen)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.inSeconds
        configuration.timeoutIntervalForResource = timeout.inSeconds
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let status: Int
        do {
            let (_, response) = try await session.data(from: url)
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
        } catch {
            throw Failure(description: "\(url.absoluteString): \(error.localizedDescription)")
        }
        guard status == 200 else { throw Failure(description: "\(url.absoluteString) answered \(status)") }
    }
}
