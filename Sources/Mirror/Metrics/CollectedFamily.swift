/// Series computed at scrape time by a closure, for counts another component keeps.
struct CollectedFamily: MetricFamily {
    let collect: @Sendable (inout String) -> Void

    func render(into text: inout String) {
        collect(&text)
    }
}

extension MetricsRegistry {
    /// Adds series rendered by `collect` on every scrape, in the text format.
    public func addSeries(_ collect: @escaping @Sendable (inout String) -> Void) {
        _ = register(CollectedFamily(collect: collect))
    }
}
