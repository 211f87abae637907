import ClerkAPI
import Foundation
import Logging
import Synchronization

let testSecret = "sk_test_R4nd0mS3cr3tV4lu3ForT3sts"

/// A policy with millisecond waits so retries are quick.
func fastPolicy(maxAttempts: Int = 5) -> RetryPolicy {
    RetryPolicy(maxAttempts: maxAttempts, baseBackoff: .milliseconds(5), maxBackoff: .milliseconds(40),
                defaultRetryAfter: .milliseconds(50), maxRetryAfter: .seconds(5))
}

/// Log records kept for inspection.
final class LogCollector: Sendable {
    private let records = Mutex<[Logger.Record]>([])
    var all: [Logger.Record] { records.withLock { $0 } }
    var logger: Logger {
        Logger(label: "clerk-api", minimumLevel: .debug) { [self] record in
            records.withLock { $0.append(record) }
        }
    }
}

func makeClient(_ server: StubServer, policy: RetryPolicy = fastPolicy(), timeout: Duration = .seconds(5),
                rate: Double = 1000, logger: Logger = .disabled, limiter: RateLimiter? = nil) -> ClerkClient {
    makeClient(baseURL: server.baseURL, policy: policy, timeout: timeout, rate: rate, logger: logger,
               limiter: limiter)
}

func makeClient(baseURL: URL, policy: RetryPolicy = fastPolicy(), timeout: Duration = .seconds(5),
                rate: Double = 1000, logger: Logger = .disabled, limiter: RateLimiter? = nil) -> ClerkClient {
    let configuration = ClerkClientConfiguration(baseURL: baseURL, secretKey: testSecret, version: "9.9.9-test",
                                                 timeout: timeout, requestsPerSecond: rate, retryPolicy: policy)
    return ClerkClient(configuration: configuration, logger: logger, rateLimiter: limiter)
}

/// Clerk's error body.
func clerkError(code: String, message: String, longMessage: String, traceID: String? = nil) -> String {
    let trace = traceID.map { #","clerk_trace_id":"\#($0)""# } ?? ""
    return #"{"errors":[{"message":"\#(message)","long_message":"\#(longMessage)","code":"\#(code)","meta":{}}]\#(trace)}"#
}

func user(_ id: String, created: Int64 = 1_700_000_000_000, updated: Int64 = 1_700_000_000_001) -> String {
    #"{"id":"\#(id)","object":"user","created_at":\#(created),"updated_at":\#(updated)}"#
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Values appended from concurrent tasks.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    var all: [Value] { values.withLock { $0 } }
    func append(_ value: Value) { values.withLock { $0.append(value) } }
}
