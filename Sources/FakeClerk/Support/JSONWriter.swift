/// Writes compact JSON straight into bytes, fields in the order they are written (Go's
/// encoder writes struct fields in declaration order, which is what Clerk's API answers in).
///
/// Hand-rolled because a million users a pass must cost little: no intermediate tree, no
/// Foundation encoder, and its own buffer, since `Array.append` checks uniqueness and capacity
/// on every call (the most expensive part of a page when this used one). Keys are literals;
/// commas are tracked per nesting level. Noncopyable: it owns its buffer.
struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int
    /// Open objects and arrays.
    private var depth = 0
    /// Bit `d`: whether the container at depth `d` already holds a member (a bit mask rather
    /// than a stack array, which cost a uniqueness check on every value).
    private var hasMember: UInt64 = 0
    private static let maxDepth = 63

    init(capacity: Int = 2048) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// What was written so far.
    var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    // MARK: Containers

    mutating func beginObject() {
        open(UInt8(ascii: "{"))
    }

    mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        open(UInt8(ascii: "["))
    }

    mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    /// The key of the next member; its value follows.
    mutating func key(_ name: StaticString) {
        separate()
        append(UInt8(ascii: "\""))
        append(name)
        append(UInt8(ascii: "\""))
        append(UInt8(ascii: ":"))
        // The value that follows must not add a comma of its own.
        hasMember &= ~(1 << depth)
    }

    /// A key that is not a literal (re-serialised objects).
    mutating func key(dynamic name: String) {
        separate()
        appendQuoted(name)
        append(UInt8(ascii: ":"))
        hasMember &= ~(1 << depth)
    }

    // MARK: Values

    mutating func string(_ value: String) {
        separate()
        appendQuoted(value)
    }

    /// A literal known to need no escaping.
    mutating func string(_ value: StaticString) {
        separate()
        append(UInt8(ascii: "\""))
        append(value)
        append(UInt8(ascii: "\""))
    }

    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(_ value: Int64) {
        separate()
        reserve(21)
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = value.magnitude
        var digits = 0
        repeat {
            base[count + digits] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            digits += 1
        } while magnitude > 0
        // Written least significant first; put them in order.
        var written = UnsafeMutableBufferPointer(start: base + count, count: digits)
        written.reverse()
        count += digits
    }

    mutating func int(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }

    mutating func int(_ value: Int) {
        int(Int64(value))
    }

    mutating func bool(_ value: Bool) {
        separate()
        append(value ? Self.trueBytes : Self.falseBytes)
    }

    mutating func null() {
        separate()
        append(Self.nullBytes)
    }

    /// Bytes that already are one JSON value.
    mutating func raw(_ value: [UInt8]) {
        separate()
        append(value)
    }

    mutating func emptyObject() {
        separate()
        append(UInt8(ascii: "{"))
        append(UInt8(ascii: "}"))
    }

    mutating func emptyArray() {
        separate()
        append(UInt8(ascii: "["))
        append(UInt8(ascii: "]"))
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

    private static let trueBytes: StaticString = "true"
    private static let falseBytes: StaticString = "false"
    private static let nullBytes: StaticString = "null"
    private static let hex: StaticString = "0123456789abcdef"

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let grown = max(capacity * 2, needed)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = grown
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let start = buffer.baseAddress, !buffer.isEmpty else { return }
        reserve(buffer.count)
        (base + count).initialize(from: start, count: buffer.count)
        count += buffer.count
    }

    @inline(__always)
    private mutating func append(_ literal: StaticString) {
        append(literal.utf8Buffer)
    }

    private mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        append(bracket)
        precondition(depth < Self.maxDepth, "JSON nested too deeply")
        depth += 1
        hasMember &= ~(1 << depth)
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        append(bracket)
    }

    /// A comma before every member but the first of its container.
    @inline(__always)
    private mutating func separate() {
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << depth
        if hasMember & bit != 0 { append(UInt8(ascii: ",")) } else { hasMember |= bit }
    }

    /// RFC 8259 §7: quote, backslash and control characters escaped; other UTF-8 as is,
    /// as Go's encoder leaves non-ASCII text.
    private mutating func appendQuoted(_ text: String) {
        append(UInt8(ascii: "\""))
        var text = text
        // Most text needs no escape: copy it whole.
        let plain = text.withUTF8 { utf8 in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                return false
            }
            append(utf8)
            return true
        }
        if !plain { appendEscaped(text) }
        append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape(byte)
            case UInt8(ascii: "\n"): escape(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): escape(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): escape(UInt8(ascii: "t"))
            case 0..<0x20:
                escape(UInt8(ascii: "u"))
                append(UInt8(ascii: "0"))
                append(UInt8(ascii: "0"))
                append(Self.hex.utf8Buffer[Int(byte >> 4)])
                append(Self.hex.utf8Buffer[Int(byte & 0xf)])
            default: append(byte)
            }
        }
    }

    private mutating func escape(_ symbol: UInt8) {
        append(UInt8(ascii: "\\"))
        append(symbol)
    }
}
