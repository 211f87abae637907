/// Byte classes from RFC 9110 §5.6.2 (tokens) and §5.5 (field values), as lookup tables.
enum ASCII {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10
    static let space: UInt8 = 32
    static let tab: UInt8 = 9
    static let colon: UInt8 = 58
    static let percent: UInt8 = 37
    static let plus: UInt8 = 43
    static let slash: UInt8 = 47
    static let question: UInt8 = 63

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    static let isTokenChar: [Bool] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }

    /// field-vchar / SP / HTAB; obs-text (0x80-0xFF) is tolerated. CR, LF, NUL and other CTLs are not.
    static let isFieldValueChar: [Bool] = (0..<256).map { byte in
        byte == 9 || (byte >= 0x20 && byte != 0x7F)
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte | 0x20 : byte
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Compares bytes with a lowercase ASCII literal, ignoring case.
    static func equalsLowercase(_ bytes: some Collection<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        var index = 0
        let base = lower.utf8Start
        for byte in bytes {
            if lowercased(byte) != base[index] { return false }
            index += 1
        }
        return true
    }
}

extension String {
    /// ASCII case-insensitive equality, without allocating lowercased copies.
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { ASCII.lowercased($0) == ASCII.lowercased($1) }
    }
}
