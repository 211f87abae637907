import TestSupport

/// Valid requests, and mutations of them: flipped bits, inserted, deleted and duplicated bytes, pure noise.
enum FuzzInput {
    static let corpus: [[UInt8]] = [
        "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /users/42?a=1&b=%20 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n",
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n0\r\nT: v\r\n\r\n",
        "POST /small HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
        "HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "DELETE /users/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://x/query?q=1 HTTP/1.1\r\nHost: x\r\n\r\n",
    ].map { Array($0.utf8) }

    static let interesting: [UInt8] = Array("\r\n :;,0123456789abcdefABCDEF%+/?*\t\u{0}\u{7F}".utf8) + [0x80, 0xFF]

    static func make(_ generator: inout SeededRandom) -> [UInt8] {
        if Int.random(in: 0..<10, using: &generator) < 2 {
            let count = Int.random(in: 1...300, using: &generator)
            return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        }
        var bytes = corpus.randomElement(using: &generator)!
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            mutate(&bytes, &generator)
        }
        return bytes
    }

    static func mutate(_ bytes: inout [UInt8], _ generator: inout SeededRandom) {
        guard !bytes.isEmpty else {
            bytes.append(UInt8.random(in: 0...255, using: &generator))
            return
        }
        let index = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0:
            bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
        case 1:
            bytes.insert(interesting.randomElement(using: &generator)!, at: index)
        case 2:
            bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
        case 3:
            bytes.remove(at: index)
        case 4:
            let end = min(bytes.count, index + Int.random(in: 1...16, using: &generator))
            bytes.insert(contentsOf: bytes[index..<end], at: index)
        default:
            bytes[index] = interesting.randomElement(using: &generator)!
        }
    }
}
