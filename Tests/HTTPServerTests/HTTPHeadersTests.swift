import Testing
@testable import HTTPServer

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCase() {
        var headers = HTTPHeaders([("Content-Type", "a"), ("X-Multi", "1"), ("x-multi", "2")])
        #expect(headers["content-type"] == "a")
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers.values("X-MULTI") == ["1", "2"])
        #expect(headers["missing"] == nil)
        headers.set("X-Multi", "3")
        #expect(headers.values("x-multi") == ["3"])
        headers.add("X-Multi", "4")
        #expect(headers.values("x-multi") == ["3", "4"])
        headers["X-Multi"] = nil
        #expect(!headers.contains("x-multi"))
        #expect(headers.count == 1)
    }

    @Test func listTokens() {
        let headers = HTTPHeaders([("Connection", "keep-alive, Close"), ("Connection", " upgrade ")])
        #expect(headers.hasToken("connection", "close"))
        #expect(headers.hasToken("connection", "upgrade"))
        #expect(!headers.hasToken("connection", "te"))
    }
}
