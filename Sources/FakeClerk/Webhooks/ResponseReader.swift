/// Reads HTTP/1.1 responses from a byte stream (RFC 9112): the status line, header fields,
/// then a body framed by `Transfer-Encoding: chunked`, `Content-Length` or the end of the
/// stream (§6.3). Bytes past one response stay buffered for the next.
struct ResponseReader {
    typealias Read = (UnsafeMutableRawBufferPointer) throws(HTTPClientError) -> Int

    static let maxHeadBytes = 64 * 1024
    private var buffer: [UInt8] = []
    /// Whether any byte of the response being read has arrived.
    private var started = false

    mutating func readResponse(isHead: Bool, read: Read) throws(HTTPClientError) -> BlockingHTTPConnection.Response {
        started = !buffer.isEmpty
        while true {
            let head = try readLine(read)
            let status = try Self.status(from: head)
            var headers: [(name: String, value: String)] = []
            while true {
                let line = try readLine(read)
                if line.isEmpty { break }
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                    throw .malformedResponse("header line without a colon")
                }
                let name = String(decoding: line[..<colon], as: UTF8.self)
                let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces()
                headers.append((name, value))
            }
            // Interim responses (§4, RFC 9110 §15.2) are followed by the final one.
            if (100...199).contains(status) && status != 101 { continue }
            let version = String(decoding: head.prefix(8), as: UTF8.self)
            let connection = headers.filter { $0.name.lowercased() == "connection" }.map { $0.value.lowercased() }
            var keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
            var body: [UInt8] = []
            let field = { (name: String) in headers.first { $0.name.lowercased() == name }?.value }
            if isHead || status == 204 || status == 304 {
                // No body (RFC 9110 §6.4.1).
            } else if field("transfer-encoding")?.lowercased().hasSuffix("chunked") == true {
                body = try readChunked(read)
            } else if let length = field("content-length") {
                guard let count = Int(length), count >= 0 else { throw .malformedResponse("bad Content-Length") }
                body = try readExactly(count, read)
            } else {
                body = try readToEnd(read)
                keepAlive = false
            }
            return BlockingHTTPConnection.Response(status: status, headers: headers, body: body, keepAlive: keepAlive)
        }
    }

    private static func status(from line: [UInt8]) throws(HTTPClientError) -> Int {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)),
              let status = Int(String(decoding: parts[1], as: UTF8.self)), (100...999).contains(status) else {
            throw .malformedResponse("bad status line")
        }
        return status
    }

    /// One line without its CRLF (a bare LF is tolerated, RFC 9112 §2.2).
    private mutating func readLine(_ read: Read) throws(HTTPClientError) -> [UInt8] {
        var searched = 0
        while true {
            if let newline = buffer[searched...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                buffer.removeFirst(newline + 1)
                return line
            }
            searched = buffer.count
            guard buffer.count < Self.maxHeadBytes else { throw .malformedResponse("header section too large") }
            guard try fill(read) else { throw .closed(beforeResponse: !started) }
        }
    }

    private mutating func readExactly(_ count: Int, _ read: Read) throws(HTTPClientError) -> [UInt8] {
        while buffer.count < count {
            guard try fill(read) else { throw .closed(beforeResponse: false) }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    private mutating func readChunked(_ read: Read) throws(HTTPClientError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine(read)
            let sizeText = String(decoding: line.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self).trimmingSpaces()
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw .malformedResponse("bad chunk size") }
            if size == 0 {
                // Trailer fields, then the empty line (§7.1.2).
                while try !readLine(read).isEmpty {}
                return body
            }
            body += try readExactly(size, read)
            guard try readLine(read).isEmpty else { throw .malformedResponse("chunk data longer than its size") }
        }
    }

    private mutating func readToEnd(_ read: Read) throws(HTTPClientError) -> [UInt8] {
        while try fill(read) {}
        defer { buffer.removeAll() }
        return buffer
    }

    /// Appends what the socket has; false at end of stream.
    private mutating func fill(_ read: Read) throws(HTTPClientError) -> Bool {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        let count = try read(chunk)
        guard count > 0 else { return false }
        started = true
        buffer.append(contentsOf: chunk[..<count])
        return true
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (optional whitespace, RFC 9110 §5.6.3).
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
