import Foundation
import Synchronization
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

    @Test func observerAndNotFoundFallback() async throws {
        let seen = Mutex<[String]>([])
        var router = ServerHarness.router()
        router.setNotFound(prefix: "/v1") { _ in .json(404, Array("{\"error\":\"no route\"}".utf8)) }
        try await ServerHarness.withServer({ configuration in
            configuration.observer = { pattern, method, status, seconds in
                seen.withLock { $0.append("\(pattern) \(method) \(status) \(seconds >= 0)") }
            }
        }, router: router) { _, port in
            let (user, fallback) = try await offload { () -> (Int?, TestResponse?) in
                let client = try TestClient(port: port)
                try client.send(TestClient.get("/users/5") + TestClient.get("/v1/anything") + TestClient.get("/other"))
                let user = try client.readResponse()?.status
                let fallback = try client.readResponse()
                _ = try client.readResponse()
                return (user, fallback)
            }
            #expect(user == 200)
            #expect(fallback?.status == 404)
            #expect(fallback?.text == "{\"error\":\"no route\"}")
        }
        #expect(seen.withLock { $0 } == ["/users/{id} GET 200 true", "/v1/* GET 404 true", " GET 404 true"])
    }
}
