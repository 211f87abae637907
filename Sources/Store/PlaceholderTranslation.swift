/// Statements are written with PostgreSQL's `$1` placeholders. SQLite reads `$1` as a *named*
/// parameter numbered by first appearance, which breaks when `$2` comes before `$1`, so for
/// SQLite they become `?1` (a numbered parameter, https://sqlite.org/lang_expr.html#varparam).
/// String literals, quoted identifiers and comments are left alone.
enum PlaceholderTranslation {
    static func sqliteNumbered(_ sql: String) -> String {
        var output = [UInt8]()
        let bytes = Array(sql.utf8)
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // Copy the quoted run through its closing quote; doubled quotes stay inside.
                output.append(byte)
                index += 1
                while index < bytes.count {
                    output.append(bytes[index])
                    if bytes[index] == byte {
                        if index + 1 < bytes.count, bytes[index + 1] == byte {
                            output.append(byte)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    index += 1
                }
            case UInt8(ascii: "-") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "-"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    output.append(bytes[index])
                    index += 1
                }
            case UInt8(ascii: "$") where index + 1 < bytes.count && isDigit(bytes[index + 1]):
                output.append(UInt8(ascii: "?"))
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
