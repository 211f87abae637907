import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes each record as one JSON object per line (`time`, `level`, `component`, `event`, fields).
///
/// A lock keeps lines whole when several threads log at once.
public final class JSONLineSink: Sendable {
    private let fileDescriptor: Int32
    private let lock = NSLock()

    public init(fileDescriptor: Int32 = 2) {
        self.fileDescriptor = fileDescriptor
    }

    public func write(_ record: Logger.Record) {
        var line = "{\"time\":\"\(Self.timestamp(record.time))\",\"level\":\"\(record.level)\""
        line += ",\"component\":" + Self.quoted(record.label)
        line += ",\"event\":" + Self.quoted(record.event)
        for (key, value) in record.fields {
            line += "," + Self.quoted(key) + ":" + Self.quoted(value)
        }
        line += "}\n"
        let bytes = Array(line.utf8)
        lock.lock()
        defer { lock.unlock() }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fileDescriptor, $0.baseAddress, $0.count) }
            if written <= 0 { break } // Logging must never take the process down.
            offset += written
        }
    }

    /// ISO 8601 in UTC with milliseconds, formatted by hand to avoid a shared formatter.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        let millis = Int((date.timeIntervalSince1970 - Double(seconds)) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }

    /// A JSON string literal (RFC 8259 §7): quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
