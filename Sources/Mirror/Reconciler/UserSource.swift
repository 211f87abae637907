import ClerkAPI

/// What the reconciler needs from the Backend API. `ClerkClient` is the real one; the
/// protocol keeps the pass logic independent of the transport.
public protocol UserSource: Sendable {
    func listUsers(_ query: UserListQuery) async throws -> UserPage
    func countUsers(_ filter: UserListQuery) async throws -> Int
    /// Nil only when Clerk answers 404 `resource_not_found`.
    func getUser(id: String) async throws -> ClerkUserJSON?
}

extension ClerkClient: UserSource {}
