/// Reads JSON without building a tree: validates the grammar (RFC 8259) and hands back the byte
/// ranges of an object's members or an array's elements, so a value can be stored exactly as
/// Clerk sent it (key order, spacing, number spelling, unknown fields), and scalars decoded on
/// demand. Foundation's decoders cost ~50-90 µs per user object here; this costs a few.
///
/// Malformed input gives nil, never a crash; nesting deeper than `maximumDepth` is refused so
/// hostile input cannot exhaust the stack.
enum JSONSlicer {
    struct Member {
        let key: String
        let value: Range<Int>
    }

    /// A member as found, its key not decoded: comparing the key's bytes to a wanted key
    /// costs neither a String nor a hash (a user object has some fifty members).
    struct RawMember {
        /// The key's bytes, between its quotes.
        let key: Range<Int>
        /// Whether the key holds an escape, so its bytes are not its text.
        let keyEscaped: Bool
        let value: Range<Int>
    }

    static let maximumDepth = 64

    /// The members of the object that is the whole of `bytes` (surrounding whitespace allowed).
    static func members(of bytes: [UInt8]) -> [Member]? {
        members(of: bytes, in: 0..<bytes.count)
    }

    /// The members of the object that is exactly `range` of `bytes` (whitespace allowed).
    static func members(of bytes: [UInt8], in range: Range<Int>) -> [Member]? {
        guard let members = rawMembers(of: bytes, in: range) else { return nil }
        var decoded: [Member] = []
        decoded.reserveCapacity(members.count)
        for member in members {
            guard let key = member.keyEscaped ? unescape(bytes, member.key) : String(decoding: bytes[member.key], as: UTF8.self)
            else { return nil }
            decoded.append(Member(key: key, value: member.value))
        }
        return decoded
    }

    /// The members of the object that is exactly `range` of `bytes`, keys left as bytes.
    static func rawMembers(of bytes: [UInt8], in range: Range<Int>) -> [RawMember]? {
        let start = skipWhitespace(bytes, range.lowerBound, range.upperBound)
        guard start < range.upperBound, bytes[start] == UInt8(ascii: "{") else { return nil }
        var members: [RawMember] = []
        guard let end = scanObject(bytes, start, range.upperBound, depth: 0, collect: true, into: &members),
              skipWhitespace(bytes, end, range.upperBound) == range.upperBound else { return nil }
        return members
    }

    /// The value of the first of `members` (found in `bytes`) whose key is `key`.
    static func value(_ key: String, among members: [RawMember], in bytes: [UInt8]) -> Range<Int>? {
        var key = key
        return key.withUTF8 { wanted in members.first { Self.key(of: $0, in: bytes, is: wanted) }?.value }
    }

    /// Whether `member`'s key, decoded, is the text whose UTF-8 is `wanted`.
    private static func key(of member: RawMember, in bytes: [UInt8], is wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        if member.keyEscaped {
            return unescape(bytes, member.key).map { $0.utf8.elementsEqual(wanted) } ?? false
        }
        guard member.key.count == wanted.count else { return false }
        var offset = 0
        while offset < wanted.count {
            guard bytes[member.key.lowerBound + offset] == wanted[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// The elements of the array that is exactly `range` of `bytes`.
    static func elements(of bytes: [UInt8], in range: Range<Int>) -> [Range<Int>]? {
        let start = skipWhitespace(bytes, range.lowerBound, range.upperBound)
        guard start < range.upperBound, bytes[start] == UInt8(ascii: "[") else { return nil }
        var elements: [Range<Int>] = []
        guard let end = scanArray(bytes, start, range.upperBound, depth: 0, collect: true, into: &elements),
              skipWhitespace(bytes, end, range.upperBound) == range.upperBound else { return nil }
        return elements
    }

    /// The bytes of one member's value, or nil when absent or malformed.
    static func value(_ key: String, in bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard let members = rawMembers(of: bytes, in: 0..<bytes.count),
              let range = value(key, among: members, in: bytes) else { return nil }
        return bytes[range]
    }

    /// An object made of `bytes`' members minus `excluded`, each member's bytes kept as they were.
    static func object(_ bytes: [UInt8], removing excluded: Set<String>) -> [UInt8]? {
        guard let members = members(of: bytes) else { return nil }
        var out: [UInt8] = [UInt8(ascii: "{")]
        out.reserveCapacity(bytes.count)
        var first = true
        for member in members where !excluded.contains(member.key) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendQuoted(member.key, to: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: bytes[member.value])
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    // MARK: Scalars

    /// A string value, unescaped; nil for anything else.
    static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        let contents = (range.lowerBound + 1)..<(range.upperBound - 1)
        var index = contents.lowerBound
        while index < contents.upperBound, bytes[index] != UInt8(ascii: "\\") { index += 1 }
        if index == contents.upperBound { return String(decoding: bytes[contents], as: UTF8.self) }
        return unescape(bytes, contents)
    }

    /// An integer value; nil for null, fractions and anything else.
    static func int64(_ bytes: [UInt8], _ range: Range<Int>) -> Int64? {
        var index = range.lowerBound
        var negative = false
        if index < range.upperBound, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < range.upperBound else { return nil }
        var value: Int64 = 0
        while index < range.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    static func bool(_ bytes: [UInt8], _ range: Range<Int>) -> Bool? {
        if matches(bytes, range, "true") { return true }
        if matches(bytes, range, "false") { return false }
        return nil
    }

    static func isNull(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        matches(bytes, range, "null")
    }

    // MARK: Equality

    /// Whether two JSON texts hold the same value: members in any order, any spacing, strings
    /// compared unescaped. Numbers compare by spelling (`1` and `1.0` differ), and malformed
    /// input is never the same as anything: callers that ask "did it change?" err towards yes.
    static func sameValue(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        sameValue(a, 0..<a.count, b, 0..<b.count)
    }

    private static func sameValue(_ a: [UInt8], _ aRange: Range<Int>, _ b: [UInt8], _ bRange: Range<Int>) -> Bool {
        let aStart = skipWhitespace(a, aRange.lowerBound, aRange.upperBound)
        let bStart = skipWhitespace(b, bRange.lowerBound, bRange.upperBound)
        guard aStart < aRange.upperBound, bStart < bRange.upperBound, a[aStart] == b[bStart] else { return false }
        switch a[aStart] {
        case UInt8(ascii: "{"):
            guard let aMembers = members(of: a, in: aRange), let bMembers = members(of: b, in: bRange),
                  aMembers.count == bMembers.count else { return false }
            var bValues: [String: Range<Int>] = [:]
            for member in bMembers { bValues[member.key] = member.value }
            guard bValues.count == bMembers.count else { return false } // a repeated key: undecidable
            return aMembers.allSatisfy { member in
                bValues[member.key].map { sameValue(a, member.value, b, $0) } ?? false
            }
        case UInt8(ascii: "["):
            guard let aElements = elements(of: a, in: aRange), let bElements = elements(of: b, in: bRange),
                  aElements.count == bElements.count else { return false }
            return zip(aElements, bElements).allSatisfy { sameValue(a, $0, b, $1) }
        case UInt8(ascii: "\""):
            let aEnd = trimmedEnd(a, aStart, aRange.upperBound), bEnd = trimmedEnd(b, bStart, bRange.upperBound)
            guard let aText = string(a, aStart..<aEnd), let bText = string(b, bStart..<bEnd) else { return false }
            return aText == bText
        default:
            let aEnd = trimmedEnd(a, aStart, aRange.upperBound), bEnd = trimmedEnd(b, bStart, bRange.upperBound)
            return a[aStart..<aEnd].elementsEqual(b[bStart..<bEnd])
        }
    }

    /// The end of `range` without trailing whitespace.
    private static func trimmedEnd(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var end = end
        while end > start, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
        return end
    }

    // MARK: Grammar

    /// Members are collected only when `collect` is set: a nested object is checked, not read.
    private static func scanObject(_ bytes: [UInt8], _ start: Int, _ end: Int, depth: Int, collect: Bool, into members: inout [RawMember]) -> Int? {
        guard depth < maximumDepth else { return nil }
        var index = skipWhitespace(bytes, start + 1, end)
        if index < end, bytes[index] == UInt8(ascii: "}") { return index + 1 }
        while true {
            var escaped = false
            guard index < end, bytes[index] == UInt8(ascii: "\""),
                  let keyEnd = scanString(bytes, index, end, escaped: &escaped) else { return nil }
            let keyRange = (index + 1)..<(keyEnd - 1)
            index = skipWhitespace(bytes, keyEnd, end)
            guard index < end, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = skipWhitespace(bytes, index + 1, end)
            guard let valueEnd = scanValue(bytes, index, end, depth: depth + 1) else { return nil }
            if collect {
                if escaped, unescape(bytes, keyRange) == nil { return nil }
                members.append(RawMember(key: keyRange, keyEscaped: escaped, value: index..<valueEnd))
            }
            index = skipWhitespace(bytes, valueEnd, end)
            guard index < end else { return nil }
            if bytes[index] == UInt8(ascii: "}") { return index + 1 }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipWhitespace(bytes, index + 1, end)
        }
    }

    private static func scanArray(_ bytes: [UInt8], _ start: Int, _ end: Int, depth: Int, collect: Bool, into elements: inout [Range<Int>]) -> Int? {
        guard depth < maximumDepth else { return nil }
        var index = skipWhitespace(bytes, start + 1, end)
        if index < end, bytes[index] == UInt8(ascii: "]") { return index + 1 }
        while true {
            guard let valueEnd = scanValue(bytes, index, end, depth: depth + 1) else { return nil }
            if collect { elements.append(index..<valueEnd) }
            index = skipWhitespace(bytes, valueEnd, end)
            guard index < end else { return nil }
            if bytes[index] == UInt8(ascii: "]") { return index + 1 }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipWhitespace(bytes, index + 1, end)
        }
    }

    /// The index just past the value starting at `start`.
    private static func scanValue(_ bytes: [UInt8], _ start: Int, _ end: Int, depth: Int) -> Int? {
        guard start < end else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            var escaped = false
            return scanString(bytes, start, end, escaped: &escaped)
        case UInt8(ascii: "{"):
            var ignored: [RawMember] = []
            return scanObject(bytes, start, end, depth: depth, collect: false, into: &ignored)
        case UInt8(ascii: "["):
            var ignored: [Range<Int>] = []
            return scanArray(bytes, start, end, depth: depth, collect: false, into: &ignored)
        case UInt8(ascii: "t"):
            return matches(bytes, start..<min(end, start + 4), "true") ? start + 4 : nil
        case UInt8(ascii: "f"):
            return matches(bytes, start..<min(end, start + 5), "false") ? start + 5 : nil
        case UInt8(ascii: "n"):
            return matches(bytes, start..<min(end, start + 4), "null") ? start + 4 : nil
        default:
            return scanNumber(bytes, start, end)
        }
    }

    /// The index just past the closing quote of the string opening at `start`; `escaped` tells
    /// whether it holds any escape (most keys and values do not, and skip unescaping).
    private static func scanString(_ bytes: [UInt8], _ start: Int, _ end: Int, escaped: inout Bool) -> Int? {
        var index = start + 1
        // Most of a payload is string contents: skip plain runs eight bytes at a time.
        bytes.withUnsafeBytes { buffer in
            while index + 8 <= end, !hasSpecialByte(buffer.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
            }
        }
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return index + 1 }
            if byte < 0x20 { return nil } // control characters must be escaped (§7)
            if byte == UInt8(ascii: "\\") {
                escaped = true
                guard index + 1 < end else { return nil }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 5 < end, hexValue(bytes[index + 2]) != nil, hexValue(bytes[index + 3]) != nil,
                          hexValue(bytes[index + 4]) != nil, hexValue(bytes[index + 5]) != nil else { return nil }
                    index += 6
                default:
                    return nil
                }
                continue
            }
            index += 1
        }
        return nil
    }

    /// Whether any of the eight bytes of `word` is a quote, a backslash or a control character
    /// (below 0x20): the bytes a string scan must stop at. Exact, in either byte order.
    @inline(__always)
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        let belowSpace = (word &- ones &* 0x20) & ~word & highBits != 0
        return belowSpace || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` (§6).
    private static func scanNumber(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        var index = start
        func digits() -> Int {
            let first = index
            while index < end, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            return index - first
        }
        if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end else { return nil }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            guard digits() > 0 else { return nil }
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return nil }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return nil }
        }
        return index
    }

    private static func skipWhitespace(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { break }
            index += 1
        }
        return index
    }

    private static func matches(_ bytes: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
        guard range.count == literal.utf8CodeUnitCount else { return false }
        return literal.withUTF8Buffer { expected in
            var offset = 0
            while offset < expected.count {
                guard bytes[range.lowerBound + offset] == expected[offset] else { return false }
                offset += 1
            }
            return true
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt16? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt16(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt16(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt16(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// The text of a string's contents (between its quotes), escapes resolved. Lone surrogates
    /// become U+FFFD, as most decoders do.
    private static func unescape(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        var units: [UInt16] = []
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        func flushUnits() {
            guard !units.isEmpty else { return }
            out.append(contentsOf: Array(String(decoding: units, as: UTF16.self).utf8))
            units.removeAll()
        }
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < range.upperBound else {
                flushUnits()
                out.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            if escape == UInt8(ascii: "u") {
                guard index + 5 < range.upperBound else { return nil }
                var unit: UInt16 = 0
                for offset in 2...5 {
                    guard let value = hexValue(bytes[index + offset]) else { return nil }
                    unit = unit << 4 | value
                }
                units.append(unit)
                index += 6
                continue
            }
            flushUnits()
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            default: out.append(escape) // \" \\ \/
            }
            index += 2
        }
        flushUnits()
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0..<0x20: out.append(contentsOf: Array("\\u00".utf8) + [hexDigit(byte >> 4), hexDigit(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
