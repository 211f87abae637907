import ClerkAPI
import Foundation
@testable import Mirror
import Store
import TestSupport
import Testing

/// A page is parsed before the writer sees it; a user the mirror cannot read fails the pass
/// by name, and the pages before it stay stored.
@Suite struct MalformedPageTests {
    /// Two pages of two users; the second page's last user has no `updated_at`.
    struct BrokenSource: UserSource {
        static let pages: [[ClerkUserJSON]] = [
            [user("user_a", 1), user("user_b", 2)],
            [user("user_c", 3), ClerkUserJSON(raw: Array(#"{"id":"user_d","object":"user","created_at":4}"#.utf8),
                                              id: "user_d", createdAt: 4, updatedAt: 4)],
        ]

        static func user(_ id: String, _ created: Int64) -> ClerkUserJSON {
            ClerkUserJSON(raw: Fixtures.user(id: id, updatedAt: 1000), id: id, createdAt: created, updatedAt: 1000)
        }

        func listUsers(_ query: UserListQuery) async throws -> UserPage {
            UserPage(users: query.startingAfter == nil ? Self.pages[0] : Self.pages[1])
        }

        func countUsers(_ filter: UserListQuery) async throws -> Int { 4 }
        func getUser(id: String) async throws -> ClerkUserJSON? { nil }
    }

    @Test(arguments: TestDatabaseKind.available)
    func unreadableUserFailsThePassByName(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            var configuration = ReconcilerConfiguration()
            configuration.pageSize = 2
            let reconciler = Reconciler(database: test.database, location: test.location, source: BrokenSource(),
                                        configuration: configuration, logger: .disabled)
            let run = try await reconciler.run(.full, trigger: "test")
            #expect(run.state == .failed)
            #expect(run.error?.contains("user_d") == true, "\(run.error ?? "")")
            #expect(run.error?.contains("updated_at") == true, "\(run.error ?? "")")
            let ids = try await test.database.read { try $0.query("SELECT id FROM users ORDER BY id", []).compactMap { $0[0].string } }
            #expect(ids == ["user_a", "user_b"], "the first page is kept; nothing of the broken page is written")
        }
    }
}
