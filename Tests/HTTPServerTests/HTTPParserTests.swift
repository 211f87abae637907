import Testing
@testable import HTTPServer

/// Every case is also parsed split at every byte boundary and one byte at a time: same outcome.
@Suite struct HTTPParserTests {
    func parse(_ text: String, bodyLimit: Int = 1 << 20, limits: HTTPParser.Limits = ParserHarness.testLimits,
               sourceLocation: SourceLocation = #_sourceLocation) -> ParseOutcome {
        parse(Array(text.utf8), bodyLimit: bodyLimit, limits: limits, sourceLocation: sourceLocation)
    }

    func parse(_ bytes: [UInt8], bodyLimit: Int = 1 << 20, limits: HTTPParser.Limits = ParserHarness.testLimits,
               stride: Int = 1, sourceLocation: SourceLocation = #_sourceLocation) -> ParseOutcome {
        let (outcome, mismatches) = ParserHarness.parseEverySplit(bytes, bodyLimit: bodyLimit, limits: limits, stride: stride)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))", sourceLocation: sourceLocation)
        return outcome
    }

    func expectError(_ text: String, _ status: Int, bodyLimit: Int = 1 << 20,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = parse(text, bodyLimit: bodyLimit, sourceLocation: sourceLocation)
        #expect(outcome.error == status, "\(outcome)", sourceLocation: sourceLocation)
    }

    // MARK: Valid requests

    @Test func simpleGet() {
        let outcome = parse("GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.idle)
        #expect(outcome.messages == [.init(method: "GET", target: "/a?b=c", version: .http1_1,
                                           headers: ["Host=x", "Accept=*/*"], body: [], keepAlive: true,
                                           expectsContinue: false)])
    }

    @Test func contentLengthBodyExactBytes() {
        let body: [UInt8] = Array(0...255)
        let head = Array("POST /u HTTP/1.1\r\nHost: x\r\nContent-Length: 256\r\n\r\n".utf8)
        let outcome = parse(head + body, stride: 7)
        #expect(outcome.error == nil)
        #expect(outcome.messages.first?.body == body)
    }

    @Test func identicalContentLengthListIsOneValue() {
        let outcome = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\nContent-Length: 3\r\n\r\nabc")
        #expect(outcome.messages.first?.body == Array("abc".utf8))
    }

    @Test func chunkedWithExtensionsAndTrailers() {
        let outcome = parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n6 ;name=\"va;l\" ; flag\r\n world\r\nA\r\n0123456789\r\n000\r\nX-Trailer: yes\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.messages.first?.body == Array("hello world0123456789".utf8))
        #expect(outcome.idle)
    }

    @Test func transferEncodingIsCaseInsensitive() {
        let outcome = parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n")
        #expect(outcome.error == nil)
        #expect(outcome.messages.count == 1)
    }

    @Test func pipelinedRequestsInOrder() {
        let one = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
        let two = "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi"
        let three = "POST /3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n"
        let outcome = parse(one + two + three)
        #expect(outcome.messages.map(\.target) == ["/1", "/2", "/3"])
        #expect(outcome.messages.map(\.body) == [[], Array("hi".utf8), Array("z".utf8)])
    }

    @Test func connectionPersistence() {
        #expect(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").messages.first?.keepAlive == false)
        #expect(parse("GET / HTTP/1.0\r\n\r\n").messages.first?.keepAlive == false)
        #expect(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").messages.first?.keepAlive == true)
        #expect(parse("GET / HTTP/1.0\r\n\r\n").messages.first?.version == .http1_0)
    }

    @Test func expectContinue() {
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\na").messages.first?.expectsContinue == true)
        // RFC 9110 §10.1.1: ignored for HTTP/1.0.
        #expect(parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\na").messages.first?.expectsContinue == false)
    }

    @Test func leadingEmptyLinesAreIgnored() {
        #expect(parse("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n").messages.count == 1)
    }

    @Test func headerValuesAreTrimmedAndKeepObsText() {
        let outcome = parse(Array("GET / HTTP/1.1\r\nHost: x\r\nX-A: \t a b \t\r\nX-B:\r\nX-C: caf".utf8) + [0xC3, 0xA9] + Array("\r\n\r\n".utf8))
        #expect(outcome.messages.first?.headers == ["Host=x", "X-A=a b", "X-B=", "X-C=café"])
    }

    @Test func higherMinorVersionIsTreatedAsOneOne() {
        #expect(parse("GET / HTTP/1.9\r\nHost: x\r\n\r\n").messages.first?.version == .http1_1)
    }

    @Test func incompleteRequestIsNotIdle() {
        let outcome = parse("GET / HTTP/1.1\r\nHost: x\r\n")
        #expect(outcome.messages.isEmpty && outcome.error == nil && !outcome.idle)
    }

    // MARK: Framing errors (RFC 9112 §6)

    @Test func contentLengthWithTransferEncoding() {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400)
    }

    @Test(arguments: ["abc", "+5", "-1", "5a", "", " ", "0x10", "5 5", "5,", "99999999999999999999999"])
    func invalidContentLength(_ value: String) {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(value)\r\n\r\n", 400)
    }

    @Test func differingContentLengths() {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\n", 400)
    }

    @Test func unsupportedTransferEncoding() {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n", 501)
    }

    @Test func chunkedMustBeFinalAndOnce() {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \r\n\r\n", 400)
        expectError("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
    }

    @Test(arguments: ["xyz", "0x5", "-5", "", " 5", "5 x", "FFFFFFFFFFFFFFFFFF", "5;\u{1}", "5\rx"])
    func invalidChunkSize(_ line: String) {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(line)\r\nhello\r\n0\r\n\r\n", 400)
    }

    @Test func chunkDataMustEndWithCRLF() {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n", 400)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n", 400)
    }

    @Test func chunkSizeLineLimit() {
        let long = String(repeating: "a", count: 40)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;\(long)\r\nhello\r\n0\r\n\r\n", 400)
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;\(long)", 400)
    }

    @Test func malformedTrailer() {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n\r\n", 400)
    }

    // MARK: Limits

    @Test func bodyLimits() {
        expectError("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", 413, bodyLimit: 10)
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789", bodyLimit: 10).messages.count == 1)
        // Chunked: 413 as soon as the running size passes the limit, before that chunk's data.
        expectError("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n", 413, bodyLimit: 10)
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n",
                      bodyLimit: 10).messages.first?.body.count == 10)
    }

    @Test func requestLineLimit() {
        // The limit is 64 bytes of request line, CRLF excluded.
        let fits = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(fits.utf8.count == 64)
        #expect(parse(fits + "\r\nHost: x\r\n\r\n").messages.count == 1)
        let over = "GET /" + String(repeating: "a", count: 65 - 14) + " HTTP/1.1"
        expectError(over + "\r\nHost: x\r\n\r\n", 414)
        expectError("GET /" + String(repeating: "a", count: 200), 414)
    }

    @Test func headerSectionLimits() {
        let big = String(repeating: "v", count: 300)
        expectError("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\n\r\n", 431)
        expectError("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(big)", 431)
        let many = (1...6).map { "X-\($0): v\r\n" }.joined()
        expectError("GET / HTTP/1.1\r\nHost: x\r\n\(many)\r\n", 431)
        let six = (1...5).map { "X-\($0): v\r\n" }.joined()
        #expect(parse("GET / HTTP/1.1\r\nHost: x\r\n\(six)\r\n").messages.count == 1)
    }

    @Test func defaultLimitsAreTheDocumentedOnes() {
        let limits = HTTPParser.Limits()
        let longTarget = "GET /" + String(repeating: "a", count: 8200) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(parse(Array(longTarget.utf8), limits: limits, stride: 509).error == 414)
        let fields = (1...101).map { "X-\($0): v\r\n" }.joined()
        #expect(parse(Array("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n".utf8), limits: limits, stride: 101).error == 431)
        let huge = String(repeating: "v", count: 33_000)
        #expect(parse(Array("GET / HTTP/1.1\r\nHost: x\r\nX: \(huge)\r\n\r\n".utf8), limits: limits, stride: 1_999).error == 431)
    }

    // MARK: Malformed request lines and fields (RFC 9112 §3, §5)

    @Test(arguments: [
        "GET  / HTTP/1.1", "GET /  HTTP/1.1", "GET / HTTP/1.1 ", " GET / HTTP/1.1", "GET /", "GET / ",
        "G(T / HTTP/1.1", "GET / HTTP/1.x", "GET / HTTP/11", "GET / http/1.1", "GET / HTTP/1.1.1",
        "GET /a\u{7F}b HTTP/1.1", "GET /a\tb HTTP/1.1", "GET\t/ HTTP/1.1", "GET /\r HTTP/1.1",
    ])
    func malformedRequestLine(_ line: String) {
        expectError("\(line)\r\nHost: x\r\n\r\n", 400)
    }

    @Test func unsupportedVersion() {
        expectError("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505)
        expectError("GET / HTTP/0.9\r\nHost: x\r\n\r\n", 505)
    }

    @Test(arguments: [
        "X-A : b", "X A: b", ": b", "NoColon", "X-[A]: b", " X-A: b", "X-A: b\rc", "X-A: b\u{0}", "X-A: \u{1}",
    ])
    func malformedField(_ field: String) {
        expectError("GET / HTTP/1.1\r\nHost: x\r\n\(field)\r\n\r\n", 400)
    }

    @Test func obsFoldIsRejected() {
        expectError("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n  continued\r\n\r\n", 400)
        expectError("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n\tcontinued\r\n\r\n", 400)
    }

    @Test func lineEndingsMustBeCRLF() {
        expectError("GET / HTTP/1.1\nHost: x\n\n", 400)
        expectError("GET / HTTP/1.1\r\nHost: x\n\r\n", 400)
        expectError("GET / HTTP/1.1\r\nHost: x\r\n\n", 400)
        expectError("GET / HTTP/1.1\r\r\nHost: x\r\n\r\n", 400)
    }

    @Test func hostIsRequiredOnceInHTTP11() {
        expectError("GET / HTTP/1.1\r\n\r\n", 400)
        expectError("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)
        #expect(parse("GET / HTTP/1.0\r\n\r\n").error == nil)
    }

    @Test func errorStopsParsingOfLaterRequests() {
        let outcome = parse("GET /1 HTTP/1.1\r\nHost: x\r\n\r\nBAD\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(outcome.messages.map(\.target) == ["/1"])
        #expect(outcome.error == 400)
    }
}
