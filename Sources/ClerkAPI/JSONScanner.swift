/// A validating JSON scanner over UTF-8 bytes (RFC 8259), for slicing values out of a
/// document without re-serialising them.
///
/// It checks the full grammar (strings and their escapes, numbers, literals, nesting) with
/// an explicit stack, so deep nesting cannot overflow the call stack. It does not build
/// values; callers take byte ranges and decode the few scalars they need.
struct JSONScanner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let bytes: [UInt8]
    private(set) var index: Int

    /// Nesting deeper than this is refused (Clerk's users nest a handful of levels).
    static let maximumDepth = 512

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
    }

    // MARK: Top-level shapes

    /// Splits a document that is one JSON array into the byte ranges of its elements
    /// (without surrounding whitespace). Throws on anything that is not exactly one array.
    static func arrayElements(of bytes: [UInt8]) throws(Failure) -> [Range<Int>] {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw scanner.failure(scanner.atEnd ? "empty body" : "expected a JSON array")
        }
        scanner.index += 1
        var elements: [Range<Int>] = []
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "]") {
            scanner.index += 1
        } else {
            var more = true
            while more {
                scanner.skipWhitespace()
                let start = scanner.index
                try scanner.scanValue()
                elements.append(start..<scanner.index)
                scanner.skipWhitespace()
                switch scanner.peek() {
                case UInt8(ascii: ","): scanner.index += 1
                case UInt8(ascii: "]"): scanner.index += 1; more = false
                default: throw scanner.failure("expected ',' or ']' in the array")
                }
            }
        }
        try scanner.expectEnd()
        return elements
    }

    /// The range of the single value a document holds (without surrounding whitespace).
    static func singleValue(of bytes: [UInt8]) throws(Failure) -> Range<Int> {
        var scanner = JSONScanner(bytes)
        scanner.skipWhitespace()
        let start = scanner.index
        try scanner.scanValue()
        let end = scanner.index
        try scanner.expectEnd()
        return start..<end
    }

    /// The members of the object at `range` (already validated): the range of each key's
    /// string token (quotes included) and of its value, keys not decoded (see `key(_:_:is:)`).
    /// Keys appear in document order; duplicates are kept.
    static func objectMembers(of bytes: [UInt8], in range: Range<Int>) throws(Failure)
        -> [(key: Range<Int>, value: Range<Int>)]
    {
        var scanner = JSONScanner(bytes)
        scanner.index = range.lowerBound
        guard scanner.peek() == UInt8(ascii: "{") else { throw scanner.failure("expected an object") }
        scanner.index += 1
        var members: [(key: Range<Int>, value: Range<Int>)] = []
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") { return members }
        while true {
            scanner.skipWhitespace()
            let key = try scanner.scanString()
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            let start = scanner.index
            try scanner.scanValue()
            members.append((key, start..<scanner.index))
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: ",") { scanner.index += 1; continue }
            try scanner.expect(UInt8(ascii: "}"))
            return members
        }
    }

    /// Whether the string token at `range` (quotes included) is `wanted`: a byte comparison,
    /// decoding only a token that holds an escape. A user object has some fifty keys and the
    /// list parse wants three of them.
    static func key(_ bytes: [UInt8], _ range: Range<Int>, is wanted: StaticString) throws(Failure) -> Bool {
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        if bytes[inner].contains(UInt8(ascii: "\\")) {
            return try decodeString(bytes, range) == wanted.description
        }
        guard inner.count == wanted.utf8CodeUnitCount else { return false }
        return wanted.withUTF8Buffer { wanted in bytes[inner].elementsEqual(wanted) }
    }

    // MARK: Scalars

    /// Decodes the string token at `range` (quotes included): escapes, `\uXXXX` and
    /// surrogate pairs. A lone surrogate is refused.
    static func decodeString(_ bytes: [UInt8], _ range: Range<Int>) throws(Failure) -> String {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""),
              bytes[range.upperBound - 1] == UInt8(ascii: "\"") else {
            throw Failure(description: "expected a string")
        }
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        if !bytes[inner].contains(UInt8(ascii: "\\")) {
            guard let text = String(validating: bytes[inner], as: UTF8.self) else {
                throw Failure(description: "string is not valid UTF-8")
            }
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = inner.lowerBound
        func hex4(_ at: Int) throws(Failure) -> UInt32 {
            guard at + 4 <= inner.upperBound else { throw Failure(description: "short \\u escape") }
            var value: UInt32 = 0
            for b in bytes[at..<(at + 4)] {
                guard let digit = hexValue(b) else { throw Failure(description: "bad \\u escape") }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while i < inner.upperBound {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
            guard i + 1 < inner.upperBound else { throw Failure(description: "dangling escape") }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0c)
            case UInt8(ascii: "n"): out.append(0x0a)
            case UInt8(ascii: "r"): out.append(0x0d)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalarValue = try hex4(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalarValue) {
                    guard i + 6 <= inner.upperBound, bytes[i] == UInt8(ascii: "\\"),
                          bytes[i + 1] == UInt8(ascii: "u") else {
                        throw Failure(description: "lone surrogate in string")
                    }
                    let low = try hex4(i + 2)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw Failure(description: "lone surrogate in string")
                    }
                    i += 6
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(scalarValue) else {
                    throw Failure(description: "lone surrogate in string")
                }
                out.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw Failure(description: "bad escape in string")
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw Failure(description: "string is not valid UTF-8")
        }
        return text
    }

    /// The integer token at `range`: `-?(0|[1-9][0-9]*)` fitting in Int64; fractions and
    /// exponents are refused.
    static func decodeInt64(_ bytes: [UInt8], _ range: Range<Int>) throws(Failure) -> Int64 {
        let token = bytes[range]
        let digits = token.first == UInt8(ascii: "-") ? token.dropFirst() : token[...]
        guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let text = String(validating: token, as: UTF8.self), let value = Int64(text) else {
            throw Failure(description: "expected an integer")
        }
        return value
    }

    // MARK: Scanning

    var atEnd: Bool { index >= bytes.count }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    func failure(_ what: String) -> Failure {
        atEnd ? Failure(description: "\(what) (body ends at byte \(bytes.count), truncated?)")
              : Failure(description: "\(what) at byte \(index)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(Failure) {
        guard peek() == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        guard atEnd else { throw failure("unexpected data after the JSON value") }
    }

    /// Scans one complete value at `index` (leading whitespace skipped), leaving `index`
    /// just after it.
    mutating func scanValue() throws(Failure) {
        // Open containers: `{` or `[`.
        var stack: [UInt8] = []
        while true {
            // A value is expected here.
            skipWhitespace()
            guard let b = peek() else { throw failure("expected a value") }
            var opened = false
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                index += 1
                skipWhitespace()
                let close = b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if peek() == close {
                    index += 1
                } else {
                    guard stack.count < Self.maximumDepth else { throw failure("nesting too deep") }
                    stack.append(b)
                    if b == UInt8(ascii: "{") { try scanMemberKey() }
                    opened = true
                }
            case UInt8(ascii: "\""):
                _ = try scanString()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try scanNumber()
            case UInt8(ascii: "t"): try scanLiteral("true")
            case UInt8(ascii: "f"): try scanLiteral("false")
            case UInt8(ascii: "n"): try scanLiteral("null")
            default:
                throw failure("unexpected byte 0x\(String(b, radix: 16))")
            }
            if opened { continue }
            // A value just ended: close containers or move to the next element.
            while true {
                guard let top = stack.last else { return }
                skipWhitespace()
                let close = top == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if peek() == close {
                    index += 1
                    stack.removeLast()
                    continue
                }
                guard peek() == UInt8(ascii: ",") else {
                    throw failure(top == UInt8(ascii: "{") ? "expected ',' or '}' in an object"
                                                          : "expected ',' or ']' in an array")
                }
                index += 1
                if top == UInt8(ascii: "{") { try scanMemberKey() }
                break
            }
        }
    }

    /// `"key"` then `:`, whitespace allowed around.
    private mutating func scanMemberKey() throws(Failure) {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw failure("expected a string key") }
        _ = try scanString()
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
    }

    /// Scans a string token and returns its range, quotes included.
    mutating func scanString() throws(Failure) -> Range<Int> {
        let start = index
        try expect(UInt8(ascii: "\""))
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                return start..<index
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { index = bytes.count; break }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    guard index + 6 <= bytes.count else { index = bytes.count; break }
                    guard bytes[(index + 2)..<(index + 6)].allSatisfy({ hexValue($0) != nil }) else {
                        throw failure("bad \\u escape")
                    }
                    index += 6
                default:
                    throw failure("bad escape in string")
                }
            case 0x00..<0x20:
                throw failure("control character in string")
            default:
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    private mutating func scanNumber() throws(Failure) {
        func digits() -> Int {
            let start = index
            while let b = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { index += 1 }
            return index - start
        }
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw failure("bad number")
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw failure("bad number") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw failure("bad number") }
        }
        // A number glued to a letter or digit (`01`, `1x`) is caught by the caller's
        // expectation of `,`, `]`, `}` or the end.
    }

    private mutating func scanLiteral(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { index = bytes.count; throw failure("truncated literal") }
        let matches = word.withUTF8Buffer { expected in
            bytes[index..<(index + count)].elementsEqual(expected)
        }
        guard matches else { throw failure("bad literal") }
        index += count
    }
}

private func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
    default: nil
    }
}
