/// Durations in settings: `0`, `90` (seconds), `30s`, `5m`, `1h`, `1d`, or combinations such
/// as `1h30m`.
public enum DurationSetting {
    public static func parse(_ text: String, setting: String) throws(SettingsError) -> Duration {
        let problem = "\"\(text)\" is not a duration (use forms like 0, 30s, 5m, 1h, 1h30m)"
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        var total: Int64 = 0
        var number = ""
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let value = Int64(number) else { throw SettingsError(setting, problem) }
            let unit: Int64
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            default: throw SettingsError(setting, problem)
            }
            let (product, overflow) = value.multipliedReportingOverflow(by: unit)
            guard !overflow, product < 10 * 365 * 86_400 else { throw SettingsError(setting, "\"\(text)\" is too long") }
            total += product
            number = ""
        }
        guard number.isEmpty, !text.isEmpty else { throw SettingsError(setting, problem) }
        return .seconds(total)
    }
}
