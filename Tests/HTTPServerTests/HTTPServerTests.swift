import Foundation
import Testing
@testable import HTTPServer

/// The server over real sockets on port 0.
@Suite struct HTTPServerTests {
    @Test func keepAliveServesSeveralRequests() async throws {
        try await ServerHarness.withServer { _, port in
            let statuses = try await offload { () -> [String] in
                let client = try TestClient(port: port)
                var texts: [String] = []
                for path in ["/hello", "/users/7", "/users/count", "/query?a=1&b=x%20y&a=2+3"] {
                    try client.send(TestClient.get(path))
                    let response = try client.readResponse()
                    texts.append("\(response?.status ?? 0) \(response?.text ?? "")")
                    #expect(response?.header("Date") != nil)
                    #expect(response?.header("Connection") == nil)
                }
                return texts
            }
            #expect(statuses == ["200 hello", "200 user 7", "200 count", "200 a=1|b=x y|a=2 3 path=/query"])
        }
    }

    @Test func pipelinedRequestsAnsweredInOrder() async throws {
        try await ServerHarness.withServer { _, port in
            let bodies = try await offload { () -> [String] in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/users/1") + TestClient.get("/users/2")
                    + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthree")
                return try (0..<3).map { _ in try client.readResponse()?.text ?? "none" }
            }
            #expect(bodies == ["user 1", "user 2", "three"])
        }
    }

    @Test func chunkedUploadBytesArriveExactly() async throws {
        try await ServerHarness.withServer { _, port in
            let payload: [UInt8] = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) }
            let echoed = try await offload { () -> [UInt8]? in
                let client = try TestClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
                var offset = 0
                for size in [1, 999, 2000] {
                    try client.send(Array(String(size, radix: 16).utf8) + Array(";ext=1\r\n".utf8))
                    try client.send(Array(payload[offset..<(offset + size)]) + [13, 10])
                    offset += size
                }
                try client.send("0\r\nX-Trailer: t\r\n\r\n")
                return try client.readResponse()?.body
            }
            #expect(echoed == payload)
        }
    }

    @Test func expectContinueOnlyWhenBodyIsAcceptable() async throws {
        try await ServerHarness.withServer { _, port in
            let (interim, final, refused, closed) = try await offload { () -> (Int?, String?, Int?, Bool) in
                let client = try TestClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
                let interim = try client.readResponse()?.status
                try client.send("body")
                let final = try client.readResponse()?.text

                let small = try TestClient(port: port)
                try small.send("POST /small HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 17\r\n\r\n")
                let refused = try small.readResponse()?.status
                return (interim, final, refused, try small.readsEOF())
            }
            #expect(interim == 100)
            #expect(final == "body")
            #expect(refused == 413)
            #expect(closed)
        }
    }

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

    @Test func chunkedOverRouteLimitIs413() async throws {
        try await ServerHarness.withServer { _, port in
            let status = try await offload {
                try TestClient.request(port: port, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\n")?.status
            }
            #expect(status == 413)
        }
    }

    @Test func headHasLengthButNoBody() async throws {
        try await ServerHarness.withServer { _, port in
            let (head, next) = try await offload { () -> (TestResponse?, TestResponse?) in
                let client = try TestClient(port: port)
                try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                let head = try client.readResponse(head: true)
                try client.send(TestClient.get("/users/3"))
                return (head, try client.readResponse())
            }
            #expect(head?.status == 200)
            #expect(head?.header("Content-Length") == "5")
            #expect(next?.text == "user 3")
        }
    }

    @Test func notFoundAndMethodNotAllowed() async throws {
        try await ServerHarness.withServer { _, port in
            let (missing, wrongMethod, deleted) = try await offload { () -> (TestResponse?, TestResponse?, TestResponse?) in
                (try TestClient.request(port: port, TestClient.get("/nope")),
                 try TestClient.request(port: port, "PUT /users/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
                 try TestClient.request(port: port, "DELETE /users/1 HTTP/1.1\r\nHost: x\r\n\r\n"))
            }
            #expect(missing?.status == 404)
            #expect(wrongMethod?.status == 405)
            #expect(wrongMethod?.header("Allow") == "DELETE, GET, HEAD")
            #expect(deleted?.status == 204)
        }
    }

    @Test func throwingHandlerIs500WithoutDetail() async throws {
        try await ServerHarness.withServer { _, port in
            let response = try await offload { try TestClient.request(port: port, TestClient.get("/fail")) }
            #expect(response?.status == 500)
            #expect(response?.text.contains("secret") == false)
        }
    }

    @Test func caseInsensitiveHeadersAndRemoteAddress() async throws {
        try await ServerHarness.withServer { _, port in
            let text = try await offload {
                try TestClient.request(port: port, "GET /headers HTTP/1.1\r\nHost: x\r\nX-MULTI: a\r\nx-multi: b\r\n\r\n")?.text
            }
            #expect(text == "a|b 127.0.0.1")
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

    @Test func http10ClosesUnlessKeepAliveAsked() async throws {
        try await ServerHarness.withServer { _, port in
            let (plain, plainClosed, kept, second) = try await offload { () -> (String?, Bool, String?, Int?) in
                let client = try TestClient(port: port)
                try client.send("GET /hello HTTP/1.0\r\n\r\n")
                let plain = try client.readResponse()?.header("Connection")
                let plainClosed = try client.readsEOF()
                let keep = try TestClient(port: port)
                try keep.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let kept = try keep.readResponse()?.header("Connection")
                try keep.send("GET /hello HTTP/1.0\r\n\r\n")
                return (plain, plainClosed, kept, try keep.readResponse()?.status)
            }
            #expect(plain == "close")
            #expect(plainClosed)
            #expect(kept == "keep-alive")
            #expect(second == 200)
        }
    }

    @Test func halfClosedClientStillGetsResponse() async throws {
        try await ServerHarness.withServer { _, port in
            let (status, closed) = try await offload { () -> (Int?, Bool) in
                let client = try TestClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
                client.shutdownWrite()
                return (try client.readResponse()?.status, try client.readsEOF())
            }
            #expect(status == 200)
            #expect(closed)
        }
    }

    @Test func resetMidBodyLeavesServerServing() async throws {
        try await ServerHarness.withServer { _, port in
            let status = try await offload { () -> Int? in
                for _ in 0..<5 {
                    let client = try TestClient(port: port)
                    try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "z", count: 5000))
                    client.reset()
                }
                return try TestClient.request(port: port, TestClient.get("/hello"))?.status
            }
            #expect(status == 200)
        }
    }

    @Test func largeResponseIsWrittenWhole() async throws {
        try await ServerHarness.withServer { _, port in
            let (length, next) = try await offload { () -> (Int?, Int?) in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/big?mb=4"))
                let length = try client.readResponse()?.body.count
                try client.send(TestClient.get("/hello"))
                return (length, try client.readResponse()?.status)
            }
            #expect(length == 4 << 20)
            #expect(next == 200)
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
            #expect(elapsed > 0.2 && elapsed < 1.5)
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
            #expect(elapsed >= 0.7 && elapsed < 2.5)
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

    @Test func ipv6Listener() async throws {
        var configuration = ServerHarness.configuration()
        configuration.host = "::1"
        let server = HTTPServer(configuration: configuration, router: ServerHarness.router())
        let port = try await server.start()
        let response = try await offload { () -> TestResponse? in
            let client = try TestClient(port: port, host: "::1")
            try client.send(TestClient.get("/headers"))
            return try client.readResponse()
        }
        await server.shutdown()
        #expect(response?.text == " ::1")
    }

    @Test func bindFailureIsReported() async throws {
        try await ServerHarness.withServer { _, port in
            let second = HTTPServer(configuration: ServerHarness.configuration(port: port), router: Router())
            await #expect(throws: SocketError.self) { _ = try await second.start() }
            let invalid = HTTPServer(configuration: HTTPServerConfiguration(host: "not-an-ip", port: 0), router: Router())
            await #expect(throws: SocketError.invalidAddress("not-an-ip")) { _ = try await invalid.start() }
        }
    }

    @Test func gracefulShutdownWaitsForInFlightRequest() async throws {
        let server = HTTPServer(configuration: ServerHarness.configuration(), router: ServerHarness.router())
        let port = try await server.start()
        let request = Task {
            try await offload { () -> TestResponse? in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/sleep?ms=500"))
                return try client.readResponse()
            }
        }
        try await Task.sleep(for: .milliseconds(150))
        let start = ContinuousClock.now
        await server.shutdown()
        let elapsed = ContinuousClock.now - start
        let response = try await request.value
        #expect(response?.status == 200)
        #expect(response?.header("Connection") == "close")
        #expect(elapsed > .milliseconds(200))
        let refused = try await offload { () -> Bool in
            do {
                _ = try TestClient(port: port)
                return false
            } catch {
                return true
            }
        }
        #expect(refused)
    }

    @Test func shutdownClosesIdleConnectionsAndCutsOffAfterGrace() async throws {
        var configuration = ServerHarness.configuration()
        configuration.shutdownGracePeriod = .milliseconds(300)
        configuration.idleTimeout = .seconds(30)
        let server = HTTPServer(configuration: configuration, router: ServerHarness.router())
        let port = try await server.start()
        let idle = try await offload { () -> TestClient in
            let client = try TestClient(port: port)
            try client.send(TestClient.get("/hello"))
            _ = try client.readResponse()
            return client
        }
        let stuck = Task {
            try await offload { () -> TestResponse? in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/sleep?ms=20000"))
                return try client.readResponse()
            }
        }
        try await Task.sleep(for: .milliseconds(150))
        let start = ContinuousClock.now
        await server.shutdown()
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(try await stuck.value == nil)
        #expect(try await offload { try idle.readsEOF() })
    }
}
