import Synchronization

/// A value that goes up and down, by label values: set directly, or read at render time
/// from a sampler (for figures that live in the database, refreshed by their owner).
public final class Gauge: MetricFamily {
    let name: String
    let help: String
    let labelNames: [String]
    private let values = Mutex<[[String]: Double]>([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    public func set(_ value: Double, _ labelValues: String...) {
        precondition(labelValues.count == labelNames.count, "\(name) takes labels \(labelNames)")
        values.withLock { $0[labelValues] = value }
    }

    public func add(_ amount: Double, _ labelValues: String...) {
        values.withLock { $0[labelValues, default: 0] += amount }
    }

    public func value(_ labelValues: String...) -> Double {
        values.withLock { $0[labelValues] ?? 0 }
    }

    func render(into text: inout String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
        for (labels, value) in values.withLock({ $0 }).sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            text += "\(name)\(renderLabels(labelNames, labels)) \(renderNumber(value))\n"
        }
    }
}
