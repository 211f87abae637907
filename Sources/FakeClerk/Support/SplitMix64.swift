/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence on every platform
/// and toolchain, which is what makes a user a pure function of (seed, index).
///
/// Swift's own `random(in:using:)` is avoided on purpose: its draw-to-range algorithm is not
/// promised to stay the same across releases, and users must stay byte-identical.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(state: UInt64) {
        self.state = state
    }

    /// A generator whose stream depends on both values.
    init(_ first: UInt64, _ second: UInt64) {
        self.state = SplitMix64.hash(first, second)
    }

    /// A generator whose stream depends on all three values.
    init(_ first: UInt64, _ second: UInt64, _ third: UInt64) {
        self.state = SplitMix64.hash(first, second, third)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.finalize(state)
    }

    /// A value in `0..<bound` (multiply-high; the bias is far below anything a test could see).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// One element, uniformly.
    mutating func pick<T>(_ choices: [T]) -> T {
        choices[below(choices.count)]
    }

    /// An Int64 in `0..<bound`.
    mutating func below(_ bound: Int64) -> Int64 {
        Int64(below(Int(bound)))
    }

    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Mixes values into one; the order matters. Fixed arities rather than variadics: a
    /// variadic call allocates an array, and these run several times per generated user.
    static func hash(_ first: UInt64, _ second: UInt64) -> UInt64 {
        fold(fold(0x6A09_E667_F3BC_C908, first), second)
    }

    static func hash(_ first: UInt64, _ second: UInt64, _ third: UInt64) -> UInt64 {
        fold(hash(first, second), third)
    }

    private static func fold(_ state: UInt64, _ value: UInt64) -> UInt64 {
        finalize(state ^ finalize(value &+ 0x9E37_79B9_7F4A_7C15))
    }
}
