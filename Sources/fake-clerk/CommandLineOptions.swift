/// `--name value` and `--flag` options, checked against what a command takes.
struct CommandLineOptions {
    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    init(_ arguments: [String], valued: Set<String>, flags allowedFlags: Set<String> = []) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if allowedFlags.contains(word) {
                flags.insert(word)
            } else if valued.contains(word) {
                guard index + 1 < arguments.count else { throw UsageError(description: "\(word) needs a value") }
                values[word] = arguments[index + 1]
                index += 1
            } else {
                throw UsageError(description: "unknown option \(word)")
            }
            index += 1
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    func string(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws(UsageError) -> String {
        guard let value = values[name] else { throw UsageError(description: "\(name) is required") }
        return value
    }

    func int(_ name: String, range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(description: "\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func share(_ name: String) throws(UsageError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), (0...1).contains(value) else {
            throw UsageError(description: "\(name) must be a number from 0 to 1, e.g. 0.05")
        }
        return value
    }

    func duration(_ name: String) throws(UsageError) -> Duration? {
        guard let text = values[name] else { return nil }
        guard let value = Self.parseDuration(text) else {
            throw UsageError(description: "\(name) must be a duration such as 50ms, 1s, 5m or 2h")
        }
        return value
    }

    /// `50ms`, `1.5s`, `5m`, `2h`; a bare `0` is zero.
    static func parseDuration(_ text: String) -> Duration? {
        if text == "0" { return .zero }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, seconds) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0, number.isFinite else { return nil }
            return .nanoseconds(Int64((number * seconds * 1e9).rounded()))
        }
        return nil
    }
}
