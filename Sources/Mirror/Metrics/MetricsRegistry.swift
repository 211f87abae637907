import Synchronization

/// The process's metrics, rendered in the Prometheus text format (version 0.0.4) for
/// `/metrics`. Families register once at wiring time; updates are lock-protected counters.
/// Figures that live elsewhere (rows in the database) are brought up to date by refreshers,
/// which `collect()` runs before rendering, so a scrape reads them fresh.
public final class MetricsRegistry: Sendable {
    public typealias Refresher = @Sendable () async -> Void

    private let families = Mutex<[any MetricFamily]>([])
    private let refreshers = Mutex<[Refresher]>([])

    public init() {}

    public func counter(_ name: String, help: String, labels: [String] = []) -> Counter {
        register(Counter(name: name, help: help, labelNames: labels))
    }

    public func gauge(_ name: String, help: String, labels: [String] = []) -> Gauge {
        register(Gauge(name: name, help: help, labelNames: labels))
    }

    public func histogram(_ name: String, help: String, labels: [String] = [], buckets: [Double]) -> Histogram {
        register(Histogram(name: name, help: help, labelNames: labels, buckets: buckets))
    }

    func register<Family: MetricFamily>(_ family: Family) -> Family {
        families.withLock { $0.append(family) }
        return family
    }

    /// Adds work to run before each `collect()`, e.g. setting gauges from the database.
    /// A refresher must not throw or hang: it keeps the previous values when its source fails.
    public func addRefresher(_ refresher: @escaping Refresher) {
        refreshers.withLock { $0.append(refresher) }
    }

    /// Runs the refreshers, then renders: what `/metrics` answers.
    public func collect() async -> String {
        for refresher in refreshers.withLock({ $0 }) {
            await refresher()
        }
        return render()
    }

    /// Every family, in registration order, as they stand.
    public func render() -> String {
        var text = ""
        for family in families.withLock({ $0 }) {
            family.render(into: &text)
        }
        return text
    }
}

protocol MetricFamily: Sendable {
    func render(into text: inout String)
}

/// Label values rendered as `{a="x",b="y"}` with the text format's escapes.
func renderLabels(_ names: [String], _ values: [String], extra: (String, String)? = nil) -> String {
    var pairs = zip(names, values).map { ($0, $1) }
    if let extra { pairs.append(extra) }
    guard !pairs.isEmpty else { return "" }
    let body = pairs.map { name, value in
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\"", with: "\\\"")
        return "\(name)=\"\(escaped)\""
    }
    return "{" + body.joined(separator: ",") + "}"
}

/// Numbers as Prometheus expects them: integers without a fraction, `+Inf` for infinity.
func renderNumber(_ value: Double) -> String {
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}
