/// PostgreSQL error classes the store branches on
/// (https://www.postgresql.org/docs/15/errcodes-appendix.html).
enum SQLState {
    static func kind(of state: String) -> DatabaseError.Kind {
        switch state {
        case "23505": return .uniqueViolation
        case "40001", "40P01", "55P03": return .busy // serialization failure, deadlock, lock not available
        case "53100": return .storageFull // disk_full
        case "57P01", "57P02", "57P03": return .connectionFailed // admin shutdown, crash shutdown, cannot connect now
        default: break
        }
        switch state.prefix(2) {
        case "23": return .constraintViolation
        case "08": return .connectionFailed
        case "42": return .invalidStatement
        case "53": return .storageFull // insufficient resources
        default: return .other
        }
    }
}
