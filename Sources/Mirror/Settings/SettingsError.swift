/// A setting that is missing or malformed: names the setting and what is wrong, in one line,
/// and never quotes a secret's value.
public struct SettingsError: Error, Equatable, CustomStringConvertible {
    public let setting: String
    public let problem: String

    public init(_ setting: String, _ problem: String) {
        self.setting = setting
        self.problem = problem
    }

    public var description: String { "\(setting): \(problem)" }
}
