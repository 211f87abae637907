@testable import Mirror
import Store
import TestSupport
import Testing

/// Lookups that share trips still each get their own user, or nil, or the trip's error.
@Suite struct UserLookupBatcherTests {
    @Test(arguments: TestDatabaseKind.available)
    func concurrentLookupsEachGetTheirOwnUser(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            try await ReadFixtures.store(test.database)
            let batcher = UserLookupBatcher(database: test.database, maximumTrips: 1)
            let ids = (0..<300).map { index in
                index % 7 == 0 ? "user_unknown_\(index)" : ReadFixtures.users[index % ReadFixtures.users.count].id
            } + [ReadFixtures.deleted.id]
            let results = try await withThrowingTaskGroup(of: (String, UserLookupBatcher.Found?).self) { group in
                for id in ids { group.addTask { (id, try await batcher.lookup(id)) } }
                var results: [(String, UserLookupBatcher.Found?)] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(results.count == ids.count)
            for (id, found) in results {
                if let user = ReadFixtures.users.first(where: { $0.id == id }) {
                    #expect(found?.raw == user.raw, "\(id)")
                    #expect(found?.updatedAt == user.updatedAt, "\(id)")
                } else {
                    #expect(found == nil, "\(id)")
                }
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aFailedTripFailsEveryLookupInItAndLaterTripsStillRun(kind: TestDatabaseKind) async throws {
        try await TestDatabase.with(kind) { (test: TestDatabase) async throws in
            try await ReadFixtures.store(test.database)
            let batcher = UserLookupBatcher(database: test.database, maximumTrips: 1)
            let ids = ReadFixtures.users.map(\.id)
            func lookUpAll() async -> (thrown: Int, found: Int) {
                await withTaskGroup(of: Result<UserLookupBatcher.Found?, any Error>.self) { group in
                    for id in ids + ids {
                        group.addTask {
                            do { return .success(try await batcher.lookup(id)) } catch { return .failure(error) }
                        }
                    }
                    var thrown = 0, found = 0
                    for await result in group {
                        switch result {
                        case .failure: thrown += 1
                        case .success(let user): if user != nil { found += 1 }
                        }
                    }
                    return (thrown, found)
                }
            }
            try await test.database.write { try $0.executeScript("ALTER TABLE users RENAME TO users_away") }
            let failed = await lookUpAll()
            #expect(failed.thrown == ids.count * 2, "every lookup of a failed trip fails; none is left waiting")
            try await test.database.write { try $0.executeScript("ALTER TABLE users_away RENAME TO users") }
            let recovered = await lookUpAll()
            #expect(recovered.thrown == 0)
            #expect(recovered.found == ids.count * 2, "the trip slot was handed back after the failures")
        }
    }
}
