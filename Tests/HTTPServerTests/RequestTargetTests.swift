import Testing
@testable import HTTPServer

@Suite struct RequestTargetTests {
    @Test func originForm() {
        let target = RequestTarget("/v1/users/a%2Fb?x=1")
        #expect(target?.path == "/v1/users/a%2Fb")
        #expect(target?.query == "x=1")
        #expect(target?.decodedSegments() == ["v1", "users", "a/b"])
    }

    @Test func absoluteAndAsteriskForms() {
        #expect(RequestTarget("http://example.com/a?b")?.path == "/a")
        #expect(RequestTarget("HTTPS://example.com")?.path == "/")
        #expect(RequestTarget("http://example.com?q=1")?.query == "q=1")
        #expect(RequestTarget("*")?.path == "*")
        #expect(RequestTarget("example.com:443") == nil)
    }

    @Test func strictPathDecoding() {
        #expect(RequestTarget("/a%zz")?.decodedSegments() == nil)
        #expect(RequestTarget("/a%00")?.decodedSegments() == nil)
        #expect(RequestTarget("/caf%C3%A9/x+y")?.decodedSegments() == ["café", "x+y"])
        #expect(HTTPRequest(method: "GET", target: "/a%20b?c=d+e").path == "/a b")
        #expect(HTTPRequest(method: "GET", target: "/a%20b?c=d+e").query["c"] == "d e")
    }
}
