/// Incremental HTTP/1.1 request parser: fed bytes as they arrive, no I/O, no timers.
///
/// `parse` consumes input until it has something to report: a `.head` (then the caller decides the
/// body limit with `beginBody`), or a complete `.message`. Lines split across inputs are kept in
/// `line`, so a request fed one byte at a time parses exactly as one fed whole.
struct HTTPParser {
    struct Limits: Sendable {
        var maxRequestLineBytes = 8192
        var maxHeaderBytes = 32768
        var maxHeaderCount = 100
        var maxChunkLineBytes = 4096
    }

    enum Output {
        case head(HTTPRequestHead)
        case message(body: [UInt8])
    }

    enum State: Equatable {
        case requestLine, headerLine, bodyDecision, fixedBody, chunkSizeLine, chunkData, chunkDataEnd, trailerLine, complete
    }

    let limits: Limits
    var state = State.requestLine
    /// True once any byte of the next message arrived: a timeout then deserves a 408, not a silent close.
    private(set) var hasStarted = false

    var line: [UInt8] = []
    var head = HTTPRequestHead()
    var headerBytes = 0
    var fieldCount = 0
    var remaining = 0
    var bodyLimit = 0
    var body: [UInt8] = []
    var pendingHead = false
    var contentLength: Int?
    var hostCount = 0

    init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Consumes bytes from `input`; returns how many, and an output when one is ready.
    /// All input is consumed unless an output is returned.
    mutating func parse(_ input: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> (consumed: Int, output: Output?) {
        var index = 0
        let count = input.count
        while true {
            switch state {
            case .bodyDecision:
                preconditionFailure("beginBody(limit:) must follow a head")
            case .complete:
                let message = body
                reset()
                return (index, .message(body: message))
            case .fixedBody, .chunkData:
                if remaining == 0 {
                    state = state == .fixedBody ? .complete : .chunkDataEnd
                    continue
                }
                guard index < count else { return (index, nil) }
                let take = min(remaining, count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + take)]))
                index += take
                remaining -= take
            default:
                guard index < count else { return (index, nil) }
                hasStarted = true
                guard let lf = Self.firstLF(in: input, from: index) else {
                    line.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<count]))
                    try checkPartialLine()
                    return (count, nil)
                }
                if line.isEmpty {
                    try processLine(UnsafeBufferPointer(rebasing: input[index..<lf]))
                } else {
                    line.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<lf]))
                    var joined: [UInt8] = []
                    swap(&joined, &line)
                    let result = joined.withUnsafeBufferPointer { buffer in
                        Result { () throws(HTTPParseError) in try processLine(buffer) }
                    }
                    joined.removeAll(keepingCapacity: true)
                    swap(&joined, &line)
                    try result.get()
                }
                index = lf + 1
                if pendingHead {
                    pendingHead = false
                    return (index, .head(head))
                }
            }
        }
    }

    /// Sets the body limit for the request just reported as `.head`. Throws `.contentTooLarge`
    /// when a declared Content-Length is over it, so the body need not be read at all.
    mutating func beginBody(limit: Int) throws(HTTPParseError) {
        precondition(state == .bodyDecision)
        bodyLimit = limit
        switch head.framing {
        case .none:
            state = .complete
        case .length(let length):
            guard length <= limit else { throw .contentTooLarge }
            body.reserveCapacity(length)
            remaining = length
            state = .fixedBody
        case .chunked:
            state = .chunkSizeLine
        }
    }

    /// Whether nothing of a next request has arrived.
    var isIdle: Bool { state == .requestLine && !hasStarted }

    /// Whether the header section is still being read (the header timeout applies).
    var isReadingHead: Bool { state == .requestLine || state == .headerLine }

    private mutating func reset() {
        state = .requestLine
        hasStarted = false
        head = HTTPRequestHead()
        headerBytes = 0
        fieldCount = 0
        remaining = 0
        body = []
        contentLength = nil
        hostCount = 0
    }

    private static func firstLF(in input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index < input.count {
            if input[index] == ASCII.lf { return index }
            index += 1
        }
        return nil
    }

    /// Limits apply before a line is complete, so an endless line fails early. The checks are
    /// conservative (a trailing CR is allowed for), so they agree with `processLine` on any split.
    private func checkPartialLine() throws(HTTPParseError) {
        switch state {
        case .requestLine:
            if line.count > limits.maxRequestLineBytes + 1 { throw .uriTooLong }
        case .headerLine, .trailerLine:
            if headerBytes + line.count > limits.maxHeaderBytes { throw .headersTooLarge }
        case .chunkSizeLine:
            if line.count > limits.maxChunkLineBytes + 1 { throw .badRequest }
        case .chunkDataEnd:
            if line.count > 1 { throw .badRequest }
        default:
            break
        }
    }

    /// Handles one line; `raw` excludes the LF and normally ends with CR.
    private mutating func processLine(_ raw: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        // RFC 9112 §2.2: lines end in CRLF; a bare LF or a bare CR elsewhere is rejected.
        let hasCR = raw.last == ASCII.cr
        let content = hasCR ? UnsafeBufferPointer(rebasing: raw[0..<(raw.count - 1)]) : raw
        switch state {
        case .requestLine:
            if content.count > limits.maxRequestLineBytes { throw .uriTooLong }
            guard hasCR else { throw .badRequest }
            // RFC 9112 §2.2: empty lines before the request-line are ignored.
            if content.isEmpty { return }
            try parseRequestLine(content)
            state = .headerLine
        case .headerLine, .trailerLine:
            headerBytes += raw.count + 1
            if headerBytes > limits.maxHeaderBytes { throw .headersTooLarge }
            guard hasCR else { throw .badRequest }
            if content.isEmpty {
                if state == .headerLine {
                    try finishHead()
                } else {
                    state = .complete
                }
                return
            }
            fieldCount += 1
            if fieldCount > limits.maxHeaderCount { throw .headersTooLarge }
            // Trailer fields are checked for syntax and then dropped (RFC 9112 §7.1.2).
            try parseField(content, keep: state == .headerLine)
        case .chunkSizeLine:
            if content.count > limits.maxChunkLineBytes { throw .badRequest }
            guard hasCR else { throw .badRequest }
            try parseChunkSize(content)
        case .chunkDataEnd:
            // RFC 9112 §7.1: chunk-data is followed by exactly CRLF.
            guard hasCR, content.isEmpty else { throw .badRequest }
            state = .chunkSizeLine
        default:
            preconditionFailure("not a line state")
        }
    }
}
