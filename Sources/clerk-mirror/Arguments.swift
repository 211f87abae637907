/// The command line taken apart: global options, the command, and the command's own words.
struct Arguments {
    var configFile: String?
    var wantsHelp = false
    var wantsVersion = false
    var command: String?
    var rest: [String] = []

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    init(_ words: [String]) throws(UsageError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            switch word {
            case "--config":
                guard index + 1 < words.count else { throw UsageError(description: "--config needs a file") }
                configFile = words[index + 1]
                index += 1
            case _ where word.hasPrefix("--config="):
                configFile = String(word.dropFirst("--config=".count))
            case "--help", "-h":
                wantsHelp = true
            case "--version":
                wantsVersion = true
            default:
                if command == nil, !word.hasPrefix("-") {
                    command = word
                } else if command != nil {
                    rest.append(word)
                } else {
                    throw UsageError(description: "unknown option \(word)")
                }
            }
            index += 1
        }
        if configFile?.isEmpty == true { throw UsageError(description: "--config needs a file") }
    }
}
