import ClerkAPI
import FakeClerk
import Foundation
import Logging
import Testing

/// The project's own Backend API client, pointed at the fake, as the reconciler will be.
@Suite("ClerkClient against fake-clerk")
struct ClerkClientCompatibilityTests {
    @Test func pagesCountsAndLooksUpUsers() async throws {
        let fake = FakeClerk(configuration: FakeClerkConfiguration(users: 1200, seed: 21))
        _ = try await fake.start()
        let client = ClerkClient(configuration: ClerkClientConfiguration(baseURL: fake.baseURL, secretKey: "sk_test_fake", version: "test",
                                                                         requestsPerSecond: 1000),
                                 logger: .disabled)
        var ids: [String] = []
        var cursor: String?
        repeat {
            let page = try await client.listUsers(UserListQuery(limit: 500, startingAfter: cursor, orderBy: "-created_at"))
            ids += page.users.map(\.id)
            cursor = page.users.count == 500 ? page.users.last?.id : nil
        } while cursor != nil
        #expect(ids == fake.liveUserIDs().reversed())
        #expect(try await client.countUsers() == 1200)

        let id = ids[100]
        let user = try #require(try await client.getUser(id: id))
        #expect(user.raw == fake.user(id: id))
        fake.deleteUser(id: id)
        #expect(try await client.getUser(id: id) == nil)
        await fake.shutdown()
    }
}
