/// Whether a transaction is on disk by the time its COMMIT returns.
public enum CommitDurability: Sendable {
    /// On disk before COMMIT returns: for whatever the service acknowledges (a webhook's 2xx).
    case synced
    /// Survives a killed client process at once, but may be lost if the machine or the
    /// database server goes down before the next synced commit or checkpoint; never half of
    /// it. Only for writes that can be redone from synced data: an inbox event is marked
    /// applied in the same transaction that applies it, so losing both leaves it pending.
    case deferred
}
