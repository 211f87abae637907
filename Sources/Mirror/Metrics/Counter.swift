import Synchronization

/// A monotonically increasing count, by label values.
public final class Counter: MetricFamily {
    let name: String
    let help: String
    let labelNames: [String]
    private let values = Mutex<[[String]: Double]>([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    public func increment(_ labelValues: String..., by amount: Double = 1) {
        precondition(labelValues.count == labelNames.count, "\(name) takes labels \(labelNames)")
        values.withLock { $0[labelValues, default: 0] += amount }
    }

    public func value(_ labelValues: String...) -> Double {
        values.withLock { $0[labelValues] ?? 0 }
    }

    func render(into text: inout String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) counter\n"
        for (labels, value) in values.withLock({ $0 }).sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            text += "\(name)\(renderLabels(labelNames, labels)) \(renderNumber(value))\n"
        }
    }
}
