import Foundation
import Signing
import TestSupport

/// Requests a broken or hostile client sends: random bytes, broken request lines and
/// headers, lying lengths, bad chunking, oversized parts, bad signatures, signed garbage.
enum AbuseRequests {
    static func make(_ index: Int, _ random: inout SeededRandom) -> [UInt8] {
        func text(_ string: String) -> [UInt8] { Array(string.utf8) }
        func noise(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) } }
        let webhook = "POST /webhooks/clerk HTTP/1.1\r\nHost: x\r\n"
        switch index % 16 {
        case 0: return noise(Int.random(in: 1...4096, using: &random))
        case 1: return text("GET / HTTP/1.1\r\n") + noise(Int.random(in: 1...512, using: &random)) + text("\r\n\r\n")
        case 2: return text("GET /" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\n\r\n")
        case 3: return text("GET /healthz HTTP/1.1\r\n" + (0..<500).map { "X-\($0): y\r\n" }.joined() + "\r\n")
        case 4: return text(webhook + "Content-Length: abc\r\n\r\n{}")
        case 5: return text(webhook + "Content-Length: 100000\r\n\r\n{\"data\":")
        case 6: return text(webhook + "Content-Length: -5\r\n\r\n")
        case 7: return text(webhook + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")
        case 8: return text(webhook + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{}{}\r\n0\r\n\r\n")
        case 9: return text("GET /\r\n\r\n")
        case 10: return text("GET /healthz HTTP/1.1\r\nHost: \u{0}\u{1}\r\nX\u{0}: y\r\n\r\n")
        case 11:
            let body = noise(Int.random(in: 0...2048, using: &random))
            let headers = (try? WebhookSigner(secret: EndToEnd.secret).headers(
                id: "msg_abuse_\(index)", timestamp: Int64(Date().timeIntervalSince1970), body: body)) ?? []
            return text(webhook + headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "Content-Length: \(body.count)\r\n\r\n") + body
        case 12:
            let body = text(#"{"data":{"id":"user_x","object":"user"},"type":"user.created"}"#)
            return text(webhook + "svix-id: msg_\(index)\r\nsvix-timestamp: 1\r\nsvix-signature: v1,AAAA\r\n"
                        + "Content-Length: \(body.count)\r\n\r\n") + body
        case 13: return text("GET /v1/users?limit=%zz&offset=-1&order_by=%00 HTTP/1.1\r\nAuthorization: Bearer \(index)\r\n\r\n")
        case 14: return text(webhook + "Content-Length: 2000000\r\n\r\n") + [UInt8](repeating: 0x7B, count: 2_000_000)
        default: return text("GET /healthz HTTP/1.1\r\nX-Big: " + String(repeating: "b", count: 100_000) + "\r\n\r\n")
        }
    }
}
