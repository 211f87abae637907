import Testing
@testable import HTTPServer

@Suite struct ResponseSerializerTests {
    let date = Array("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".utf8)

    func serialize(_ response: HTTPResponse, omitBody: Bool = false,
                   connection: ResponseSerializer.ConnectionField = .none) -> String {
        var out: [UInt8] = []
        ResponseSerializer.append(response, omitBody: omitBody, connection: connection, dateLine: date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func framesWithContentLengthAndDate() {
        let text = serialize(.json(201, Array("{}".utf8)), connection: .close)
        #expect(text == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
    }

    @Test func headKeepsLengthWithoutBody() {
        let text = serialize(.text(200, "hello"), omitBody: true)
        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test func handlerFramingHeadersAreReplacedAndUnsafeValuesDropped() {
        let response = HTTPResponse(status: 200, headers: [
            ("Content-Length", "999"), ("Transfer-Encoding", "chunked"), ("X-Split", "a\r\nInjected: yes"),
            ("Bad Name", "x"), ("Date", "custom"), ("X-Ok", "fine"),
        ], body: [1, 2, 3])
        let text = serialize(response)
        #expect(!text.contains("999") && !text.contains("chunked") && !text.contains("Injected") && !text.contains("Bad Name"))
        #expect(text.contains("Date: custom\r\n") && !text.contains("1994"))
        #expect(text.contains("X-Ok: fine\r\nContent-Length: 3\r\n"))
    }

    @Test func noContentHasNoLengthOrBody() {
        let text = serialize(HTTPResponse(status: 204, body: [1]))
        #expect(text == "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
    }

    @Test func keepAliveForHTTP10() {
        #expect(serialize(.text(200, ""), connection: .keepAlive).contains("Connection: keep-alive\r\n"))
    }

    @Test func dateFormat() {
        #expect(DateCache.format(784_111_777) == Array("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".utf8))
        #expect(DateCache().headerLine().count == date.count)
    }
}
