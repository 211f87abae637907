/// Why a pass stopped short, as recorded in `sync_runs.error`.
public enum ReconcileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `CLERK_SECRET_KEY`: there is nothing to reconcile against.
    case notConfigured
    /// Another pass holds the reconciler (in this process or, on PostgreSQL, another one).
    case busy
    /// More users went unseen than the safety valve allows; nothing was deleted.
    case tooManyMissing(candidates: Int, threshold: Int)
    /// The Backend API sent a user the mirror cannot store.
    case malformedUser(id: String, reason: String)

    public var description: String {
        switch self {
        case .notConfigured:
            "no CLERK_SECRET_KEY: the reconciler needs the Backend API"
        case .busy:
            "another reconcile pass is running"
        case .tooManyMissing(let candidates, let threshold):
            "\(candidates) users in the mirror were not listed by the Backend API (more than \(threshold)); "
                + "nothing was deleted. Check that CLERK_SECRET_KEY belongs to the instance this mirror holds"
        case .malformedUser(let id, let reason):
            "the Backend API sent user \(id), which cannot be stored: \(reason)"
        }
    }
}
