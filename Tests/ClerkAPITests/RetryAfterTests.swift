@testable import ClerkAPI
import Foundation
import Testing

@Suite("Retry-After")
struct RetryAfterTests {
    @Test func parsesSecondsDatesAndRefusesJunk() {
        #expect(parseRetryAfter("1") == .seconds(1))
        #expect(parseRetryAfter(" 30 ") == .seconds(30))
        #expect(parseRetryAfter("0.25") == .milliseconds(250))
        #expect(parseRetryAfter("0") == .zero)
        let now = Date(timeIntervalSince1970: 1_445_412_470)  // Wed, 21 Oct 2015 07:27:50 GMT
        #expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(10))
        #expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
        for junk in [nil, "", "soon", "-5", "nan", "inf"] as [String?] {
            #expect(parseRetryAfter(junk) == nil, "\(junk ?? "nil")")
        }
    }

    @Test func percentEncodingKeepsOnlyUnreserved() {
        #expect(percentEncode("+created_at") == "%2Bcreated_at")
        #expect(percentEncode("a b&c=d/e?f#g%h~i.j-k_l") == "a%20b%26c%3Dd%2Fe%3Ff%23g%25h~i.j-k_l")
        #expect(percentEncode("é") == "%C3%A9")
        #expect(encodeQuery([("user_id", "a"), ("user_id", "b")]) == "user_id=a&user_id=b")
    }
}
