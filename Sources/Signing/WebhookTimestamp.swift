import Foundation

/// A strict decimal Int64, as Go's `strconv.ParseInt(s, 10, 64)` and Rust's `parse::<i64>()`
/// read it: an optional `+` or `-`, then one or more ASCII digits, nothing else (no spaces,
/// fractions or trailing text, which JS `parseInt` and Python `float()` would let through).
func parseTimestamp(_ text: String) -> Int64? {
    var digits = Substring(text).utf8[...]
    var negative = false
    if let sign = digits.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
        negative = sign == UInt8(ascii: "-")
        digits = digits.dropFirst()
    }
    guard !digits.isEmpty else { return nil }
    var value: Int64 = 0
    for digit in digits {
        guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
        let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
        let delta = Int64(digit - UInt8(ascii: "0"))
        let (next, overflow2) = negative
            ? times10.subtractingReportingOverflow(delta)
            : times10.addingReportingOverflow(delta)
        guard !overflow1, !overflow2 else { return nil }
        value = next
    }
    return value
}

/// `date` in whole seconds since the epoch, rounded down and clamped to Int64.
func wholeSeconds(_ date: Date) -> Int64 {
    let seconds = date.timeIntervalSince1970.rounded(.down)
    guard seconds.isFinite else { return seconds < 0 ? .min : .max }
    if seconds >= 9.2e18 { return .max }
    if seconds <= -9.2e18 { return .min }
    return Int64(seconds)
}

/// Too old when `now - ts > tolerance`, too new when `ts - now > tolerance`, both at whole
/// seconds with `now` rounded down: JS standardwebhooks' rule, which Clerk uses (Go compares
/// `now` to the nanosecond for "too old", so it refuses 300.5 s where this accepts it).
func checkTolerance(timestamp: Int64, now: Date, seconds tolerance: Int64) throws(WebhookVerificationError) {
    let nowSeconds = wholeSeconds(now)
    if nowSeconds > timestamp, nowSeconds - timestamp > tolerance {
        throw .timestampTooOld
    }
    if timestamp > nowSeconds {
        let (ahead, overflow) = timestamp.subtractingReportingOverflow(nowSeconds)
        if overflow || ahead > tolerance { throw .timestampTooNew }
    }
}
