import Foundation

/// Reads a `--config FILE`: `KEY=VALUE` lines, `#` comments and blank lines. An optional
/// `export ` prefix and matching quotes around the value are accepted, so the same file can
/// be sourced by a shell.
public enum SettingsFile {
    public static func read(path: String) throws(SettingsError) -> [String: String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SettingsError("--config \(path)", "cannot read the file")
        }
        return try parse(text, name: path)
    }

    public static func parse(_ text: String, name: String) throws(SettingsError) -> [String: String] {
        var values: [String: String] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                throw SettingsError("--config \(name)", "line \(offset + 1): expected KEY=VALUE")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard Settings.known.contains(key) else {
                throw SettingsError("--config \(name)", "line \(offset + 1): unknown setting \"\(key)\"")
            }
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }
}
