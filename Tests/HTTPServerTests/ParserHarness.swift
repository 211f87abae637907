@testable import HTTPServer

/// Feeds a parser from pieces of input, the way a connection would, and records what it saw.
struct ParseOutcome: Equatable, CustomStringConvertible {
    struct Message: Equatable {
        var method: String
        var target: String
        var version: HTTPVersion
        var headers: [String]
        var body: [UInt8]
        var keepAlive: Bool
        var expectsContinue: Bool
    }

    var messages: [Message] = []
    var error: Int?
    var idle = true

    var description: String {
        "messages=\(messages.map { "\($0.method) \($0.target) body=\($0.body.count)" }) error=\(error.map(String.init) ?? "-") idle=\(idle)"
    }
}

enum ParserHarness {
    static let testLimits = HTTPParser.Limits(maxRequestLineBytes: 64, maxHeaderBytes: 256, maxHeaderCount: 6, maxChunkLineBytes: 32)

    static func feed(_ pieces: [ArraySlice<UInt8>], bodyLimit: Int, limits: HTTPParser.Limits) -> ParseOutcome {
        var parser = HTTPParser(limits: limits)
        var outcome = ParseOutcome()
        var head: HTTPRequestHead?
        do {
            for piece in pieces {
                try Array(piece).withUnsafeBufferPointer { buffer in
                    var offset = 0
                    while true {
                        let (consumed, output) = try parser.parse(UnsafeBufferPointer(rebasing: buffer[offset...]))
                        offset += consumed
                        guard let output else { break }
                        switch output {
                        case .head(let parsed):
                            head = parsed
                            try parser.beginBody(limit: bodyLimit)
                        case .message(let body):
                            let head = head!
                            outcome.messages.append(.init(
                                method: head.method, target: head.target, version: head.version,
                                headers: head.headers.map { "\($0.name)=\($0.value)" }, body: body,
                                keepAlive: head.keepAlive, expectsContinue: head.expectsContinue))
                        }
                    }
                }
            }
        } catch let error as HTTPParseError {
            outcome.error = error.status
        } catch {
            fatalError("unexpected \(error)")
        }
        outcome.idle = parser.isIdle
        return outcome
    }

    /// Parses `bytes` whole, then split in two at every boundary (or every `stride`-th one), then one
    /// byte at a time; returns the whole-input outcome and every split that disagreed with it.
    static func parseEverySplit(_ bytes: [UInt8], bodyLimit: Int = 1 << 20, limits: HTTPParser.Limits = testLimits,
                                stride: Int = 1) -> (ParseOutcome, mismatches: [String]) {
        let whole = feed([bytes[...]], bodyLimit: bodyLimit, limits: limits)
        var mismatches: [String] = []
        for split in Swift.stride(from: 0, through: bytes.count, by: stride) {
            let outcome = feed([bytes[..<split], bytes[split...]], bodyLimit: bodyLimit, limits: limits)
            if outcome != whole { mismatches.append("split at \(split): \(outcome) vs \(whole)") }
        }
        let single = feed(bytes.indices.map { bytes[$0...$0] }, bodyLimit: bodyLimit, limits: limits)
        if single != whole { mismatches.append("byte at a time: \(single) vs \(whole)") }
        return (whole, mismatches)
    }
}
