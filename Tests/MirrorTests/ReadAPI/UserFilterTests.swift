import Foundation
@testable import Mirror
import TestSupport
import Testing

/// Every filter of `GET /v1/users`, each checked against the fixtures, with `/count` agreeing
/// with the list, on both databases.
@Suite struct UserFilterTests {
    typealias User = ReadFixtures.User
    static let t = ReadFixtures.t

    /// (query, expected users newest first).
    static var cases: [(String, [String])] {
        func matching(_ predicate: (User) -> Bool) -> [String] { ReadFixtures.newestFirst(where: predicate) }
        return [
            ("user_id=user_03zoe&user_id=user_06jos", ["user_06jos", "user_03zoe"]),
            ("user_id=%2Buser_03zoe", ["user_03zoe"]),
            ("user_id=+user_03zoe", ["user_03zoe"]),
            ("user_id=-user_03zoe&user_id=-user_01ada", matching { !["user_03zoe", "user_01ada"].contains($0.id) }),
            ("user_id=user_01ada&user_id=user_02nil&user_id=-user_02nil", ["user_01ada"]),
            ("user_id=user_unknown", []),
            ("user_id=user_09del", []),
            ("external_id=ext_ada&external_id=ext_zed&external_id=ext_unknown", ["user_08zed", "user_01ada"]),
            // Excluding one external id keeps the users that have none.
            ("external_id=-ext_ada", matching { $0.externalID != "ext_ada" }),
            ("email_address=ADA@EXAMPLE.COM", ["user_01ada"]),
            ("email_address=ada.work@example.org", ["user_01ada"]),
            ("email_address=dup2@example.com&email_address=dup3@example.com&email_address=zoe@example.com", ["user_07dup", "user_03zoe"]),
            ("email_address=o%27brien%2Btag@example.com", ["user_10con"]),
            ("email_address=deleted@example.com", []),
            ("phone_number=%2B15550000044", ["user_04ban"]),
            ("phone_number=%2B15550000001&phone_number=%2B15550000004", ["user_04ban", "user_01ada"]),
            ("username=zoe&username=con_an", ["user_10con", "user_03zoe"]),
            ("username=ZED", ["user_08zed"]),
            ("username=gone", []),
            ("banned=true", ["user_04ban"]),
            ("banned=false", matching { !$0.banned }),
            ("created_at_after=\(t + 3000)", matching { $0.createdAt > t + 3000 }),
            ("created_at_before=\(t + 3000)", matching { $0.createdAt < t + 3000 }),
            ("created_at_after=\(t + 1000)&created_at_before=\(t + 6000)", matching { $0.createdAt > t + 1000 && $0.createdAt < t + 6000 }),
            ("last_active_at_after=\(t + 6400)", matching { ($0.lastActiveAt ?? .min) > t + 6400 }),
            ("last_active_at_before=\(t + 6400)", matching { ($0.lastActiveAt ?? .max) < t + 6400 }),
            ("last_active_at_since=\(t + 6400)", matching { ($0.lastActiveAt ?? .min) >= t + 6400 }),
            ("last_sign_in_at_after=\(t + 7050)", matching { ($0.lastSignInAt ?? .min) > t + 7050 }),
            ("last_sign_in_at_before=\(t + 7050)", matching { ($0.lastSignInAt ?? .max) < t + 7050 }),
            // Partial matches, case-insensitive, over Unicode too.
            ("email_address_query=EXAMPLE.ORG", ["user_01ada"]),
            ("email_address_query=dup", ["user_07dup"]),
            ("email_address_query=ed", matching { $0.emails.contains { $0.lowercased().contains("ed") } }),
            ("username_query=AdA", ["user_05mix", "user_01ada"]),
            // LIKE's wildcards match only themselves, through the index and through the scan.
            ("username_query=n_a", ["user_10con"]),
            ("username_query=_a", ["user_10con"]),
            ("name_query=%C3%85NGSTR%C3%96M", ["user_03zoe"]),
            ("name_query=zo%C3%AB", ["user_03zoe"]),
            ("name_query=ada%20by", ["user_07dup"]),
            ("name_query=lovelace", ["user_05mix", "user_01ada"]),
            ("name_query=%C3%A9", ["user_06jos"]),
            ("phone_number_query=0044", ["user_04ban"]),
            ("query=06jos", ["user_06jos"]),
            ("query=USER_08", ["user_08zed"]),
            ("query=example.net", ["user_05mix"]),
            ("query=5550000", ["user_04ban", "user_01ada"]),
            ("query=byron", ["user_07dup"]),
            ("query=garc%C3%8DA", ["user_06jos"]),
            ("query=gone", []),
            ("query=no-such-thing", []),
            // Filters together must all hold.
            ("name_query=ada&banned=false&created_at_after=\(t + 1000)", ["user_07dup", "user_05mix"]),
            ("email_address_query=example.com&username=ada&username=zoe&user_id=-user_03zoe", ["user_01ada"]),
            // An empty value is no filter.
            ("query=&email_address_query=", ReadFixtures.ids(.newestFirst)),
        ]
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyFilterSelectsTheUsersItNames(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for (query, expected) in Self.cases {
                let list = try await mirror.client.get("/v1/users?limit=500&\(query)")
                #expect(list.status == 200, "\(query)")
                #expect(list.ids == expected, "\(query)")
                let count = try await mirror.client.get("/v1/users/count?\(query)")
                #expect(count.status == 200, "\(query)")
                #expect(count.json?["object"] as? String == "total_count")
                #expect(count.json?["total_count"] as? Int == expected.count, "count agrees with the list: \(query)")
            }
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func countWithoutFiltersIsEveryLiveUser(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let count = try await mirror.client.get("/v1/users/count")
            #expect(count.text == #"{"object":"total_count","total_count":\#(ReadFixtures.users.count)}"#)
        }
    }

    /// Filters combine with orderings and pages the same way on both databases.
    @Test(arguments: TestDatabaseKind.available)
    func filteredPagesFollowTheOrdering(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let selection = ReadFixtures.users.filter { !$0.banned && $0.emails.contains { $0.hasSuffix("example.com") } }
            let ordering = UserOrdering(field: .lastName, descending: true)
            let expected = ReadFixtures.ids(ordering, of: selection)
            var pages: [String] = []
            for offset in stride(from: 0, to: expected.count + 2, by: 2) {
                let page = try await mirror.client.get("/v1/users?banned=false&email_address_query=example.com&order_by=-last_name&limit=2&offset=\(offset)")
                pages.append(contentsOf: page.ids ?? [])
            }
            #expect(pages == expected)
        }
    }
}
