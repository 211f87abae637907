import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A URLSession client for tests that talk to a running service (in process or the real
/// binary) over a real socket on 127.0.0.1.
public struct TestHTTPClient: Sendable {
    public struct Response: Sendable {
        public var status: Int
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
        public var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
    }

    public let port: Int
    let session: URLSession

    public init(port: Int, connections: Int = 16) {
        self.port = port
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    /// `target` is the path with its query, as in "/metrics" or "/v1/users?limit=5".
    public func send(_ method: String, _ target: String, headers: [(String, String)] = [],
                     body: [UInt8]? = nil) async throws -> Response {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(target)") else { throw TestSupportError("bad target \(target)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.addValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw TestSupportError("not an HTTP response") }
        return Response(status: http.statusCode, body: Array(data))
    }

    /// The value of one sample of the Prometheus text at `/metrics`, e.g.
    /// `clerk_mirror_webhooks_received_total{result="stored"}`; nil when absent.
    public func metric(_ sample: String) async throws -> Double? {
        let text = try await send("GET", "/metrics").text
        for line in text.split(separator: "\n") where line.hasPrefix(sample + " ") {
            return Double(line.dropFirst(sample.count + 1))
        }
        return nil
    }
}
