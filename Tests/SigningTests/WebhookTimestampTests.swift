import Foundation
import Testing
@testable import Signing

@Suite struct WebhookTimestampTests {
    @Test func parsesLikeGoParseInt() {
        #expect(parseTimestamp("1614265330") == 1_614_265_330)
        #expect(parseTimestamp("+1614265330") == 1_614_265_330)
        #expect(parseTimestamp("01614265330") == 1_614_265_330)
        #expect(parseTimestamp("-5") == -5)
        #expect(parseTimestamp("9223372036854775807") == .max)
        #expect(parseTimestamp("-9223372036854775808") == .min)
    }

    @Test(arguments: ["", "-", "+", "abc", "1614265330abc", "1614265330.5", " 1", "1 ", "\t1", "1\r\n",
                      "9223372036854775808", "-9223372036854775809", "1_000", "1,000", "٣"])
    func rejects(_ text: String) {
        #expect(parseTimestamp(text) == nil)
    }

    @Test func wholeSecondsRoundsDownAndClamps() {
        #expect(wholeSeconds(Date(timeIntervalSince1970: 10.999)) == 10)
        #expect(wholeSeconds(Date(timeIntervalSince1970: -0.5)) == -1)
        #expect(wholeSeconds(Date(timeIntervalSince1970: 1e300)) == .max)
        #expect(wholeSeconds(Date(timeIntervalSince1970: -1e300)) == .min)
        #expect(wholeSeconds(Date(timeIntervalSince1970: .infinity)) == .max)
    }

    @Test func toleranceBoundaries() {
        func check(_ timestamp: Int64, now: Double) -> WebhookVerificationError? {
            do throws(WebhookVerificationError) {
                try checkTolerance(timestamp: timestamp, now: Date(timeIntervalSince1970: now), seconds: 300)
                return nil
            } catch {
                return error
            }
        }
        #expect(check(1000, now: 1000) == nil)
        #expect(check(1000, now: 1300) == nil)
        #expect(check(1000, now: 1300.9) == nil)
        #expect(check(1000, now: 1301) == .timestampTooOld)
        #expect(check(1000, now: 700) == nil)
        #expect(check(1000, now: 699.9) == .timestampTooNew)
        #expect(check(1000, now: 699) == .timestampTooNew)
        #expect(check(.max, now: -1e300) == .timestampTooNew)
        #expect(check(1, now: 1e300) == .timestampTooOld)
    }
}
