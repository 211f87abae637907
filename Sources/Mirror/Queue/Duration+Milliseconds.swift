extension Duration {
    /// Whole milliseconds, for columns that hold Unix milliseconds.
    var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}

extension Duration {
    /// Fractional seconds, for `Date` arithmetic and logs.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
