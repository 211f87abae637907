/// Request line, field lines and message framing (RFC 9112 §3, §5, §6).
extension HTTPParser {
    /// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), single spaces only.
    mutating func parseRequestLine(_ content: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        guard let firstSpace = content.firstIndex(of: ASCII.space), firstSpace > 0 else { throw .badRequest }
        let method = UnsafeBufferPointer(rebasing: content[0..<firstSpace])
        guard method.allSatisfy({ ASCII.isTokenChar[Int($0)] }) else { throw .badRequest }

        let afterMethod = firstSpace + 1
        guard let secondSpace = content[afterMethod...].firstIndex(of: ASCII.space), secondSpace > afterMethod else {
            throw .badRequest
        }
        // request-target has no whitespace or controls; obs-text is not allowed in a URI either.
        let target = UnsafeBufferPointer(rebasing: content[afterMethod..<secondSpace])
        guard target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .badRequest }

        let version = UnsafeBufferPointer(rebasing: content[(secondSpace + 1)...])
        head.version = try Self.parseVersion(version)
        head.method = String(decoding: method, as: UTF8.self)
        head.target = String(decoding: target, as: UTF8.self)
    }

    /// HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3); case-sensitive.
    static func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let prefix: [UInt8] = Array("HTTP/".utf8)
        guard bytes.count == 8, bytes.starts(with: prefix), bytes[6] == UInt8(ascii: "."),
              let major = digit(bytes[5]), let minor = digit(bytes[7]) else {
            throw .badRequest
        }
        guard major == 1 else { throw .versionNotSupported }
        // A higher 1.x minor is treated as 1.1, the highest we implement (RFC 9110 §2.5).
        return HTTPVersion(major: 1, minor: min(minor, 1))
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// field-line = field-name ":" OWS field-value OWS (RFC 9112 §5). A leading space is obs-fold
    /// and whitespace before the colon is forbidden (§5.1); both fail the token check here.
    mutating func parseField(_ content: UnsafeBufferPointer<UInt8>, keep: Bool) throws(HTTPParseError) {
        guard let colon = content.firstIndex(of: ASCII.colon), colon > 0 else { throw .badRequest }
        let name = UnsafeBufferPointer(rebasing: content[0..<colon])
        guard name.allSatisfy({ ASCII.isTokenChar[Int($0)] }) else { throw .badRequest }

        var start = colon + 1
        var end = content.count
        while start < end, content[start] == ASCII.space || content[start] == ASCII.tab { start += 1 }
        while end > start, content[end - 1] == ASCII.space || content[end - 1] == ASCII.tab { end -= 1 }
        let value = UnsafeBufferPointer(rebasing: content[start..<end])
        guard value.allSatisfy({ ASCII.isFieldValueChar[Int($0)] }) else { throw .badRequest }
        guard keep else { return }

        if ASCII.equalsLowercase(name, "content-length") {
            try noteContentLength(value)
        } else if ASCII.equalsLowercase(name, "host") {
            hostCount += 1
        }
        head.headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// Content-Length = 1*DIGIT; a list of identical values is one value, anything else is
    /// invalid (RFC 9112 §6.3 item 5, RFC 9110 §8.6).
    private mutating func noteContentLength(_ value: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        for element in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            var digits = element[...]
            while let first = digits.first, first == ASCII.space || first == ASCII.tab { digits.removeFirst() }
            while let last = digits.last, last == ASCII.space || last == ASCII.tab { digits.removeLast() }
            guard !digits.isEmpty else { throw .badRequest }
            var length = 0
            for byte in digits {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .badRequest }
                let (times10, overflow1) = length.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { throw .badRequest }
                length = sum
            }
            if let previous = contentLength, previous != length { throw .badRequest }
            contentLength = length
        }
    }

    /// Decides the body length from the header section (RFC 9112 §6.3) and connection persistence (§9.3).
    mutating func finishHead() throws(HTTPParseError) {
        let headers = head.headers
        // RFC 9112 §3.2: an HTTP/1.1 request has exactly one Host; more than one is always an error.
        if hostCount > 1 || (head.version == .http1_1 && hostCount == 0) { throw .badRequest }

        let codings = headers.listElements("Transfer-Encoding")
        if headers.contains("Transfer-Encoding") {
            // §6.1: Transfer-Encoding with Content-Length is a smuggling vector; HTTP/1.0 has no chunked.
            guard contentLength == nil, head.version == .http1_1, !codings.isEmpty else { throw .badRequest }
            if codings.contains(where: { !String($0).equalsIgnoringASCIICase("chunked") }) { throw .notImplemented }
            // §6.3 item 4: chunked must be final and is never applied twice.
            guard codings.count == 1 else { throw .badRequest }
            head.framing = .chunked
        } else if let contentLength {
            head.framing = .length(contentLength)
        } else {
            head.framing = .none
        }

        if head.version == .http1_1 {
            head.keepAlive = !headers.hasToken("Connection", "close")
            head.expectsContinue = headers["Expect"].map { $0.equalsIgnoringASCIICase("100-continue") } ?? false
        } else {
            head.keepAlive = headers.hasToken("Connection", "keep-alive")
        }
        state = .bodyDecision
        pendingHead = true
    }
}
