import Synchronization

/// Observations counted into cumulative buckets, by label values.
public final class Histogram: MetricFamily {
    private struct Series {
        var buckets: [Double]
        var sum: Double = 0
        var count: Double = 0
    }

    let name: String
    let help: String
    let labelNames: [String]
    let bounds: [Double]
    private let series = Mutex<[[String]: Series]>([:])

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.bounds = buckets.sorted()
    }

    public func observe(_ value: Double, _ labelValues: String...) {
        precondition(labelValues.count == labelNames.count, "\(name) takes labels \(labelNames)")
        let bounds = self.bounds
        series.withLock { all in
            var entry = all[labelValues] ?? Series(buckets: Array(repeating: 0, count: bounds.count))
            if let index = bounds.firstIndex(where: { value <= $0 }) { entry.buckets[index] += 1 }
            entry.sum += value
            entry.count += 1
            all[labelValues] = entry
        }
    }

    func render(into text: inout String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (labels, entry) in series.withLock({ $0 }).sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            var cumulative = 0.0
            for (bound, count) in zip(bounds, entry.buckets) {
                cumulative += count
                text += "\(name)_bucket\(renderLabels(labelNames, labels, extra: ("le", renderNumber(bound)))) \(renderNumber(cumulative))\n"
            }
            text += "\(name)_bucket\(renderLabels(labelNames, labels, extra: ("le", "+Inf"))) \(renderNumber(entry.count))\n"
            text += "\(name)_sum\(renderLabels(labelNames, labels)) \(entry.sum)\n"
            text += "\(name)_count\(renderLabels(labelNames, labels)) \(renderNumber(entry.count))\n"
        }
    }
}
