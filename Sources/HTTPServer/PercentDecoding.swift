/// Percent-decoding (RFC 3986 §2.1) of URL path segments and form-encoded query parts.
enum PercentDecoding {
    /// Decodes `%XX` escapes; with `plusAsSpace`, '+' becomes ' ' (application/x-www-form-urlencoded).
    /// Strict mode returns nil for a malformed escape or an encoded NUL; lenient mode keeps them literally.
    static func decode(_ text: Substring, plusAsSpace: Bool, strict: Bool) -> String? {
        let utf8 = text.utf8
        if !utf8.contains(ASCII.percent) && !(plusAsSpace && utf8.contains(ASCII.plus)) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == ASCII.percent {
                let first = utf8.index(after: index)
                if first != utf8.endIndex, utf8.index(after: first) != utf8.endIndex,
                   let high = ASCII.hexValue(utf8[first]),
                   let low = ASCII.hexValue(utf8[utf8.index(after: first)]),
                   !(strict && high == 0 && low == 0) {
                    bytes.append(UInt8(high << 4 | low))
                    index = utf8.index(first, offsetBy: 2)
                    continue
                }
                if strict { return nil }
                bytes.append(byte)
            } else if plusAsSpace && byte == ASCII.plus {
                bytes.append(ASCII.space)
            } else {
                bytes.append(byte)
            }
            index = utf8.index(after: index)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
