import Foundation
@testable import Mirror
import Store
import TestSupport
import Testing

/// `GET /v1/users/{id}`: the stored object, 404s, entity tags, deleted users, and
/// `MIRROR_STRIP_PRIVATE_METADATA`, on both databases.
@Suite struct UserLookupTests {
    static func fixture(_ id: String) -> ReadFixtures.User {
        (ReadFixtures.users + [ReadFixtures.deleted]).first { $0.id == id }!
    }

    @Test(arguments: TestDatabaseKind.available)
    func userIsTheStoredObjectWithAnEntityTag(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for user in ReadFixtures.users {
                let response = try await mirror.client.get("/v1/users/\(user.id)")
                #expect(response.status == 200)
                #expect(response.headers["content-type"] == "application/json")
                #expect(response.body == user.raw, "\(user.id) byte for byte")
                #expect(response.headers["etag"] == "\"\(user.updatedAt)\"")
            }
            // HEAD answers the headers of GET.
            let head = try await mirror.client.send("HEAD", "/v1/users/user_01ada", headers: [("Authorization", "Bearer \(ReadFixtures.key)")])
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func unknownAndDeletedUsersAre404InClerksShape(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            for id in ["user_unknown", ReadFixtures.deleted.id, "user_01ADA", "%20"] {
                let response = try await mirror.client.get("/v1/users/\(id)")
                #expect(response.status == 404, "\(id)")
                #expect(response.clerkError?.code == "resource_not_found", "\(id)")
                #expect(response.headers["etag"] == nil)
            }
            // The deleted user is in no list, count or filter either.
            let deleted = ReadFixtures.deleted
            for query in ["user_id=\(deleted.id)", "email_address=\(deleted.emails[0])", "username=gone", "external_id=ext_gone",
                          "query=gone", "name_query=away"] {
                #expect(try await mirror.client.get("/v1/users?\(query)").text == "[]", "\(query)")
                #expect(try await mirror.client.get("/v1/users/count?\(query)").json?["total_count"] as? Int == 0, "\(query)")
            }
            #expect(try await mirror.client.get("/v1/users?limit=500").ids?.contains(deleted.id) == false)
            // Its rows beside `users` went with it.
            let leftovers = try await mirror.test.database.read { connection in
                try ["user_email_addresses", "user_phone_numbers", "user_search", "sessions"].map { table in
                    try connection.queryOne("SELECT count(*) FROM \(table) WHERE user_id = $1", [.text(deleted.id)])?[0].int64 ?? -1
                }
            }
            #expect(leftovers == [0, 0, 0, 0])
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func matchingIfNoneMatchIs304(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let first = try await mirror.client.get("/v1/users/user_03zoe")
            let tag = try #require(first.headers["etag"])
            for header in [tag, "W/\(tag)", "\"other\", \(tag)", "*"] {
                let again = try await mirror.client.get("/v1/users/user_03zoe", headers: [("If-None-Match", header)])
                #expect(again.status == 304, "\(header)")
                #expect(again.body.isEmpty)
                #expect(again.headers["etag"] == tag)
            }
            let stale = try await mirror.client.get("/v1/users/user_03zoe", headers: [("If-None-Match", "\"1\"")])
            #expect(stale.status == 200)
            #expect(stale.body == first.body)

            // A newer version gets a new tag; the old one no longer matches.
            var user = Self.fixture("user_03zoe")
            user.updatedAt += 1
            user.firstName = "Zoé"
            let newer = user
            try await mirror.test.database.transaction { connection in
                _ = try UserWriter.upsert(try UserRecord.parse(newer.raw), source: "test", now: 0, connection)
            }
            let changed = try await mirror.client.get("/v1/users/user_03zoe", headers: [("If-None-Match", tag)])
            #expect(changed.status == 200)
            #expect(changed.body == newer.raw)
            #expect(changed.headers["etag"] != tag)
            // A tag of an unknown user is still a 404, not a 304.
            let missing = try await mirror.client.get("/v1/users/user_unknown", headers: [("If-None-Match", "*")])
            #expect(missing.status == 404)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func privateMetadataIsLeftOutWhenTheSettingSaysSo(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind, settings: ["MIRROR_STRIP_PRIVATE_METADATA": "true"]) { mirror in
            let user = Self.fixture("user_01ada")
            let one = try await mirror.client.get("/v1/users/\(user.id)")
            #expect(one.status == 200)
            #expect(one.json?["private_metadata"] == nil)
            #expect(!one.text.contains("do not serve"))
            #expect(one.json?["public_metadata"] as? [String: String] == ["plan": "pro"])
            // Every other member is kept byte for byte, in order.
            #expect(one.body == JSONSlicer.object(user.raw, removing: ["private_metadata"]))
            #expect(one.headers["etag"] != "\"\(user.updatedAt)\"", "the stripped variant has a tag of its own")
            let tag = try #require(one.headers["etag"])
            #expect(try await mirror.client.get("/v1/users/\(user.id)", headers: [("If-None-Match", tag)]).status == 304)

            let list = try await mirror.client.get("/v1/users?limit=500")
            let objects = try #require(list.objects)
            #expect(objects.count == ReadFixtures.users.count)
            #expect(objects.allSatisfy { $0["private_metadata"] == nil && $0["public_metadata"] != nil })
            #expect(!list.text.contains("do not serve"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func privateMetadataIsServedByDefault(kind: TestDatabaseKind) async throws {
        try await ReadFixtures.withMirror(kind) { mirror in
            let one = try await mirror.client.get("/v1/users/user_01ada")
            #expect((one.json?["private_metadata"] as? [String: String])?["secret_note"] == "do not serve")
        }
    }
}
