import Foundation
import Testing
@testable import HTTPServer

/// Limits and timeouts over real sockets: 413, 414, 431, 408, idle close, refusal at capacity.
extension HTTPServerTests {
    @Test func contentTooLargeWithoutReadingBody() async throws {
        try await ServerHarness.withServer { _, port in
            let (status, connection, closed) = try await offload { () -> (Int?, String?, Bool) in
                let client = try TestClient(port: port)
                // 100 MB declared; not one body byte is sent.
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
                let response = try client.readResponse()
                return (response?.status, response?.header("Connection"), try client.readsEOF())
            }
            #expect(status == 413)
            #expect(connection == "close")
            #expect(closed)
        }
    }

    /// A client that sends the refused body anyway (many do not wait for an early answer)
    /// still reads the 413: the server drains the body while it closes instead of resetting.
    @Test func clientStillSendingARefusedBodyReadsThe413() async throws {
        try await ServerHarness.withServer { _, port in
            let status = try await offload { () -> Int? in
                let client = try TestClient(port: port)
                let size = 3 << 20
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n")
                try client.send([UInt8](repeating: UInt8(ascii: "a"), count: size))
                return try client.readResponse()?.status
            }
            #expect(status == 413)
        }
    }

    @Test func chunkedOverRouteLimitIs413() async throws {
        try await ServerHarness.withServer { _, port in
            let status = try await offload {
                try TestClient.request(port: port, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\n")?.status
            }
            #expect(status == 413)
        }
    }

    @Test func malformedRequestsGetTheirStatusAndClose() async throws {
        try await ServerHarness.withServer { _, port in
            let cases: [(String, Int)] = [
                ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
                ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                ("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "b", count: 33000) + "\r\n\r\n", 431),
                ("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
            ]
            let results = try await offload { () -> [Int] in
                try cases.map { request, _ in
                    let client = try TestClient(port: port)
                    try client.send(request)
                    let status = try client.readResponse()?.status ?? 0
                    return try client.readsEOF() ? status : -status
                }
            }
            #expect(results == cases.map(\.1))
        }
    }

    @Test func clientThatStopsReadingIsDropped() async throws {
        try await ServerHarness.withServer({ $0.idleTimeout = .milliseconds(300) }) { _, port in
            let (received, status) = try await offload { () -> (Int, Int?) in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/big?mb=32"))
                usleep(1_200_000)
                var received = 0
                do {
                    while try client.readResponse() != nil {}
                } catch let error as TestClientError {
                    received = error.description.hasPrefix("EOF") ? 1 : 0
                }
                return (received, try TestClient.request(port: port, TestClient.get("/hello"))?.status)
            }
            #expect(received == 1)
            #expect(status == 200)
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        try await ServerHarness.withServer({ $0.idleTimeout = .milliseconds(300) }) { _, port in
            let (status, closed, elapsed) = try await offload { () -> (Int?, Bool, Double) in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/hello"))
                let status = try client.readResponse()?.status
                let start = Date()
                let closed = try client.readsEOF()
                return (status, closed, Date().timeIntervalSince(start))
            }
            #expect(status == 200)
            #expect(closed)
            #expect(elapsed > 0.2 && elapsed < 3)
        }
    }

    @Test func slowlorisGets408WhileOthersAreServed() async throws {
        try await ServerHarness.withServer({ $0.headerReadTimeout = .milliseconds(800) }) { _, port in
            let slow = Task {
                try await offload { () -> (Int?, Double) in
                    let client = try TestClient(port: port)
                    let start = Date()
                    try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
                    var sent = 0
                    while Date().timeIntervalSince(start) < 3 {
                        // One header line every 100 ms: never completes the head.
                        guard (try? client.send("X-\(sent): y\r\n")) != nil else { break }
                        sent += 1
                        usleep(100_000)
                        if sent > 5 { break }
                    }
                    let response = try client.readResponse()
                    return (response?.status, Date().timeIntervalSince(start))
                }
            }
            let served = try await offload { () -> Int in
                var ok = 0
                let clients = try (0..<4).map { _ in try TestClient(port: port) }
                for index in 0..<200 {
                    let client = clients[index % 4]
                    try client.send(TestClient.get("/users/\(index)"))
                    if try client.readResponse()?.text == "user \(index)" { ok += 1 }
                }
                return ok
            }
            #expect(served == 200)
            let (status, elapsed) = try await slow.value
            #expect(status == 408)
            #expect(elapsed >= 0.7 && elapsed < 4)
        }
    }

    @Test func maxConnectionsRefusedCleanly() async throws {
        try await ServerHarness.withServer({ $0.maxConnections = 2 }) { _, port in
            let (first, refused, after) = try await offload { () -> ([Int?], Int?, Int?) in
                var held = try (0..<2).map { _ in try TestClient(port: port) }
                let first = try held.map { client -> Int? in
                    try client.send(TestClient.get("/hello"))
                    return try client.readResponse()?.status
                }
                let extra = try TestClient(port: port)
                let refused = try extra.readResponse()?.status
                held.removeAll()
                usleep(200_000)
                let after = try TestClient.request(port: port, TestClient.get("/hello"))?.status
                return (first, refused, after)
            }
            #expect(first == [200, 200])
            #expect(refused == 503)
            #expect(after == 200)
        }
    }
}
