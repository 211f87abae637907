/// chunked transfer coding (RFC 9112 §7.1).
extension HTTPParser {
    /// chunk-size = 1*HEXDIG, then optional chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ).
    /// Extensions are ignored but may not hold control characters.
    mutating func parseChunkSize(_ content: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        var size = 0
        var index = 0
        while index < content.count, let digit = ASCII.hexValue(content[index]) {
            let (times16, overflow1) = size.multipliedReportingOverflow(by: 16)
            let (sum, overflow2) = times16.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { throw .badRequest }
            size = sum
            index += 1
        }
        guard index > 0 else { throw .badRequest }
        if index < content.count {
            var cursor = index
            while cursor < content.count, content[cursor] == ASCII.space || content[cursor] == ASCII.tab { cursor += 1 }
            guard cursor < content.count, content[cursor] == UInt8(ascii: ";") else { throw .badRequest }
            let extensions = UnsafeBufferPointer(rebasing: content[cursor...])
            guard extensions.allSatisfy({ ASCII.isFieldValueChar[Int($0)] }) else { throw .badRequest }
        }
        // Decide 413 as soon as the running size would pass the limit, before reading the chunk.
        guard size <= bodyLimit - body.count else { throw .contentTooLarge }
        if size == 0 {
            headerBytes = 0
            fieldCount = 0
            state = .trailerLine
        } else {
            remaining = size
            state = .chunkData
        }
    }
}
