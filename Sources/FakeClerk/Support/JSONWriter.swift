/// Writes compact JSON straight into bytes, fields in the order they are written (Go's
/// encoder writes struct fields in declaration order, which is what Clerk's API answers in).
///
/// Hand-rolled because a million users a pass must cost little: no intermediate tree, no
/// Foundation encoder. Keys are literals; commas are tracked per nesting level.
struct JSONWriter {
    private(set) var bytes: [UInt8]
    /// One flag per open object or array: whether it already holds a member.
    private var hasMember: [Bool] = []

    init(capacity: Int = 2048) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        hasMember.append(false)
    }

    mutating func endObject() {
        hasMember.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        hasMember.append(false)
    }

    mutating func endArray() {
        hasMember.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// The key of the next member; its value follows.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: name.utf8Buffer)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        // The value that follows must not add a comma of its own.
        if !hasMember.isEmpty { hasMember[hasMember.count - 1] = false }
    }

    /// A key that is not a literal (re-serialised objects).
    mutating func key(dynamic name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        if !hasMember.isEmpty { hasMember[hasMember.count - 1] = false }
    }

    // MARK: Values

    mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    /// A literal known to need no escaping.
    mutating func string(_ value: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: value.utf8Buffer)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(_ value: Int64) {
        separate()
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // Digits right to left into a small stack buffer, then appended in order.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var count = 0
            repeat {
                digits[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[(20 - count)...]))
        }
    }

    mutating func int(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }

    mutating func int(_ value: Int) {
        int(Int64(value))
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullBytes)
    }

    /// Bytes that already are one JSON value.
    mutating func raw(_ value: [UInt8]) {
        separate()
        bytes.append(contentsOf: value)
    }

    mutating func emptyObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func emptyArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        bytes.append(UInt8(ascii: "]"))
    }

    // MARK: Fields (key and value)

    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: StaticString) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Int64?) {
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    mutating func nullField(_ name: StaticString) {
        key(name)
        null()
    }

    // MARK: Private

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
    private static let hex = Array("0123456789abcdef".utf8)

    /// A comma before every member but the first of its container.
    private mutating func separate() {
        guard let last = hasMember.indices.last else { return }
        if hasMember[last] { bytes.append(UInt8(ascii: ",")) } else { hasMember[last] = true }
    }

    /// RFC 8259 §7: quote, backslash and control characters escaped; other UTF-8 as is,
    /// as Go's encoder leaves non-ASCII text.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape(byte)
            case UInt8(ascii: "\n"): escape(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): escape(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): escape(UInt8(ascii: "t"))
            case 0..<0x20:
                escape(UInt8(ascii: "u"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(UInt8(ascii: "0"))
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xf)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ symbol: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(symbol)
    }
}
