/// Re-serialises JSON with every object's keys in byte order, compact, values untouched.
///
/// Webhook bodies need it: the one byte-for-byte Clerk delivery on record
/// (`webhook-examples/user.created.clerk-docs-overview.json`) has its keys sorted at every
/// level, as a map-based encoder writes them, while the Backend API answers in the schema's
/// field order. A mirror that compares raw bytes from the two sources must not be fooled.
enum SortedJSON {
    private indirect enum Value {
        case object([(key: ArraySlice<UInt8>, value: Value)])
        case array([Value])
        /// A string, number, `true`, `false` or `null`, as written.
        case scalar(ArraySlice<UInt8>)
    }

    /// Nil when `bytes` is not one well-formed JSON value (this only handles what the fake
    /// itself writes, so it checks structure, not every escape and number rule).
    static func sorted(_ bytes: [UInt8]) -> [UInt8]? {
        var position = 0
        guard let value = parse(bytes, &position) else { return nil }
        skipSpace(bytes, &position)
        guard position == bytes.count else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        write(value, to: &out)
        return out
    }

    private static func write(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .scalar(let raw):
            out.append(contentsOf: raw)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (offset, member) in members.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }).enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: member.key)
                out.append(UInt8(ascii: ":"))
                write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func parse(_ bytes: [UInt8], _ position: inout Int) -> Value? {
        skipSpace(bytes, &position)
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            position += 1
            var members: [(key: ArraySlice<UInt8>, value: Value)] = []
            skipSpace(bytes, &position)
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipSpace(bytes, &position)
                guard let key = string(bytes, &position) else { return nil }
                skipSpace(bytes, &position)
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
                position += 1
                guard let value = parse(bytes, &position) else { return nil }
                members.append((key, value))
                guard let next = separator(bytes, &position, close: UInt8(ascii: "}")) else { return nil }
                if next { continue }
                return .object(members)
            }
        case UInt8(ascii: "["):
            position += 1
            var elements: [Value] = []
            skipSpace(bytes, &position)
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                guard let element = parse(bytes, &position) else { return nil }
                elements.append(element)
                guard let next = separator(bytes, &position, close: UInt8(ascii: "]")) else { return nil }
                if next { continue }
                return .array(elements)
            }
        case UInt8(ascii: "\""):
            return string(bytes, &position).map { .scalar($0) }
        default:
            let start = position
            while position < bytes.count, !",]} \t\r\n".utf8.contains(bytes[position]) { position += 1 }
            return position > start ? .scalar(bytes[start..<position]) : nil
        }
    }

    /// A string token with its quotes, escapes left as written.
    private static func string(_ bytes: [UInt8], _ position: inout Int) -> ArraySlice<UInt8>? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let start = position
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "\""):
                position += 1
                return bytes[start..<position]
            default: position += 1
            }
        }
        return nil
    }

    /// After a member: true for a comma, false for the closing bracket, nil otherwise.
    private static func separator(_ bytes: [UInt8], _ position: inout Int, close: UInt8) -> Bool? {
        skipSpace(bytes, &position)
        guard position < bytes.count else { return nil }
        let byte = bytes[position]
        position += 1
        return byte == UInt8(ascii: ",") ? true : byte == close ? false : nil
    }

    private static func skipSpace(_ bytes: [UInt8], _ position: inout Int) {
        while position < bytes.count, " \t\r\n".utf8.contains(bytes[position]) { position += 1 }
    }
}
