import Testing
@testable import Signing

@Suite struct WebhookSignatureTests {
    @Test func equalsOneShotHMACOfTheJoinedContent() throws {
        let v = WebhookVectors.svixRust
        let key = try webhookKey(fromSecret: v.secret, index: 0)
        let joined = Array("\(v.msgID).\(v.timestamp).".utf8) + v.payload
        let oneShot = Base64.encode(HMACSHA256.authenticationCode(for: joined, key: key))
        #expect(webhookSignature(keyed: HMACSHA256(key: key), id: v.msgID, timestamp: v.timestamp, body: v.payload)
            == oneShot)
        #expect("v1," + oneShot == v.expectedHeader)
    }

    @Test func timestampIsWrittenInDecimal() throws {
        let key: [UInt8] = [1, 2, 3]
        for timestamp: Int64 in [1, 10, 1_614_265_330, .max, -1] {
            let joined = Array("msg.\(timestamp).body".utf8)
            #expect(webhookSignature(keyed: HMACSHA256(key: key), id: "msg", timestamp: timestamp, body: Array("body".utf8))
                == Base64.encode(HMACSHA256.authenticationCode(for: joined, key: key)))
        }
    }

    @Test func idIsTakenAsUTF8() throws {
        let key: [UInt8] = [9]
        let id = "msg_é✓"
        let joined = Array("\(id).5.".utf8)
        #expect(webhookSignature(keyed: HMACSHA256(key: key), id: id, timestamp: 5, body: [])
            == Base64.encode(HMACSHA256.authenticationCode(for: joined, key: key)))
    }
}
