@testable import FakeClerk
import Foundation
import HTTPServer
import Signing
import Testing

/// The `fake-clerk` executable that `swift build` put beside the test bundle.
@Suite("fake-clerk executable")
struct FakeClerkBinaryTests {
    static var path: String {
        var folder = URL(fileURLWithPath: Bundle.main.bundlePath)
        if !folder.hasDirectoryPath || folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("fake-clerk").path
    }

    /// Starts the binary; the blocking reads and waits happen on threads of their own.
    static func launch(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    @Test func servesPrintsItsURLAndStopsOnSIGTERM() async throws {
        let (process, output) = try Self.launch(["serve", "--users", "250", "--seed", "3", "--secret-key", "sk_test_cli"])
        let firstLine = try await offload { () -> String in
            var bytes: [UInt8] = []
            while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 10 { bytes.append(byte) }
            return String(decoding: bytes, as: UTF8.self)
        }
        let url = try #require(URL(string: firstLine))
        #expect(url.scheme == "http" && url.port != nil)
        let host = try #require(url.host)
        let port = try #require(url.port)
        let count = try await offload { () -> [UInt8] in
            let connection = try BlockingHTTPConnection(
                endpoint: HTTPEndpoint(host: host, port: port, target: "/v1/users/count"), timeout: .seconds(5))
            return try connection.exchange(method: "GET", headers: [("Authorization", "Bearer sk_test_cli")], body: []).body
        }
        #expect(String(decoding: count, as: UTF8.self) == #"{"object":"total_count","total_count":250}"#)
        process.terminate()
        let status = try await offload { () -> (Int32, Process.TerminationReason) in
            process.waitUntilExit()
            return (process.terminationStatus, process.terminationReason)
        }
        #expect(status.0 == 0 && status.1 == .exit)
    }

    @Test func sendsSignedWebhooksAndReportsDeliveries() async throws {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let verifier = try WebhookVerifier(secret: secret)
        let received = Recorder<String>()
        var router = Router()
        router.add("POST", "/hooks") { request in
            guard (try? verifier.verify(headers: { request.headers[$0] }, body: request.body, now: Date())) != nil else {
                return HTTPResponse(status: 400)
            }
            received.append(request.headers["svix-id"] ?? "")
            return HTTPResponse(status: 204)
        }
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), router: router)
        let port = try await server.start()
        let (process, output) = try Self.launch(["send-webhooks", "--url", "http://127.0.0.1:\(port)/hooks",
                                                 "--secret", secret, "--users", "20", "--events", "30",
                                                 "--concurrency", "3", "--retry-delays", "10ms"])
        let (status, text) = try await offload { () -> (Int32, String) in
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
        await server.shutdown()
        #expect(status == 0)
        #expect(text.hasPrefix("sent 30 events: 30 got a 2xx, 0 failed"))
        #expect(Set(received.all).count == 30)
    }
}
