import HTTPServer
@testable import Mirror
import Store
import Testing

/// Statement shapes, without a database: a list filter of one value and of a hundred is one
/// statement (prepared once per connection), and values never reach the SQL text.
@Suite struct UserQueryBuilderTests {
    static func request(_ query: String) throws -> UserListRequest {
        try UserListRequest(query: QueryParameters(parsing: query))
    }

    @Test(arguments: [SQLDialect.sqlite, .postgres])
    func listSizeDoesNotChangeTheStatement(dialect: SQLDialect) throws {
        let one = try Self.request("user_id=user_1&email_address=a@x")
        let many = try Self.request((0..<100).map { "user_id=user_\($0)&email_address=e\($0)@x" }.joined(separator: "&"))
        let first = UserQueryBuilder.list(one, cursorCreatedAt: nil, dialect: dialect)
        let second = UserQueryBuilder.list(many, cursorCreatedAt: nil, dialect: dialect)
        #expect(first.sql == second.sql)
        #expect(first.arguments.count == second.arguments.count)
        #expect(!second.sql.contains("user_5"))
        #expect(!second.sql.contains("e5@x"))
    }

    @Test(arguments: [SQLDialect.sqlite, .postgres])
    func valuesAreBoundNeverSpliced(dialect: SQLDialect) throws {
        let hostile = "x') OR 1=1; DROP TABLE users; --"
        let encoded = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let request = try Self.request("query=\(encoded)&username=\(encoded)&external_id=-\(encoded)&starting_after=\(encoded)")
        let statement = UserQueryBuilder.list(request, cursorCreatedAt: 1, dialect: dialect)
        #expect(!statement.sql.contains("DROP TABLE"))
        #expect(statement.arguments.contains(.text(hostile)))
    }

    @Test func idListsReadTheirPrefixes() throws {
        let request = try Self.request("user_id=a&user_id=%2Bb&user_id=+c&user_id=-d&external_id=-e&external_id=f")
        #expect(request.filters.userIDs == UserFilters.IDList(include: ["a", "b", "c"], exclude: ["d"]))
        #expect(request.filters.externalIDs == UserFilters.IDList(include: ["f"], exclude: ["e"]))
        // Email addresses and phone numbers keep a leading + (E.164), and emails are matched lower-cased.
        let other = try Self.request("phone_number=%2B15550001&email_address=%2BAda@X.com")
        #expect(other.filters.phoneNumbers == ["+15550001"])
        #expect(other.filters.emailAddresses == ["+ada@x.com"])
    }

    @Test func defaultsAreTheBackendAPIs() throws {
        let request = try Self.request("")
        #expect(request.limit == 10)
        #expect(request.offset == 0)
        #expect(request.ordering == .newestFirst)
        #expect(request.startingAfter == nil)
        #expect(request.filters == UserFilters())
    }

    @Test func searchTermsEscapeLikeWildcards() {
        #expect(UserSearchTerm.escapeLike(#"50%_off\now"#) == #"50\%\_off\\now"#)
    }
}
