/// Whether `a` and `b` hold the same bytes, taking the same time wherever they differ.
///
/// The lengths are compared first and are not treated as secret (a MAC's length is public);
/// the contents are folded with `|=` of `^` over every byte, never stopping at the first
/// difference, as swift-crypto's `safeCompare` and Go's `subtle.ConstantTimeCompare` do.
/// Inlinable so each caller gets a loop specialised for its collections: called generically
/// across the module boundary it walked every byte through witness tables (the read API's key
/// check spent more time here than in SQLite).
@inlinable
public func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) {
        difference |= x ^ y
    }
    return difference == 0
}
