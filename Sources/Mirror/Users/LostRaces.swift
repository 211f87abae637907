import Store

/// Writers sharing users on PostgreSQL can deadlock or lose a serialization race; the
/// loser's transaction was rolled back whole, so running it again is safe.
enum LostRaces {
    static func retrying<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as DatabaseError where error.kind == .busy && attempt < 5 {
                attempt += 1
                try? await Task.sleep(for: .milliseconds(Int.random(in: 5...(20 * attempt))))
            }
        }
    }
}
