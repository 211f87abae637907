/// A tiny JSON writer for fixtures: members keep the order they are given in, and building a
/// few thousand users costs milliseconds (JSONSerialization took seconds in debug builds).
indirect enum TestJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral
{
    case object([(String, TestJSON)])
    case array([TestJSON])
    case string(String)
    case number(Int64)
    case bool(Bool)
    case null
    /// Bytes inserted as they are (an already-encoded value).
    case raw([UInt8])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int64) { self = .number(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(nilLiteral: ()) { self = .null }
    init(arrayLiteral elements: TestJSON...) { self = .array(elements) }

    static func optional(_ value: String?) -> TestJSON { value.map { .string($0) } ?? .null }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                TestJSON.string(key).write(to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let text):
            out.append(UInt8(ascii: "\""))
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out.append(contentsOf: Array(#"\""#.utf8))
                case "\\": out.append(contentsOf: Array(#"\\"#.utf8))
                case "\n": out.append(contentsOf: Array(#"\n"#.utf8))
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out.append(contentsOf: Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8))
                default: out.append(contentsOf: Array(String(scalar).utf8))
                }
            }
            out.append(UInt8(ascii: "\""))
        case .number(let value): out.append(contentsOf: Array(String(value).utf8))
        case .bool(let value): out.append(contentsOf: Array((value ? "true" : "false").utf8))
        case .null: out.append(contentsOf: Array("null".utf8))
        case .raw(let bytes): out.append(contentsOf: bytes)
        }
    }
}
