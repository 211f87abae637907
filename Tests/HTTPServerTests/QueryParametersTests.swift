import Testing
@testable import HTTPServer

@Suite struct QueryParametersTests {
    @Test func repeatedKeysKeepOrderAndDecode() {
        let query = QueryParameters(parsing: "a=1&b=x%20y&a=2&c=1+2&d&e=&=f&%E2%9C%93=%C3%A9")
        #expect(query.items.map(\.name) == ["a", "b", "a", "c", "d", "e", "", "✓"])
        #expect(query.values("a") == ["1", "2"])
        #expect(query["a"] == "1")
        #expect(query["b"] == "x y")
        #expect(query["c"] == "1 2")
        #expect(query["d"] == "")
        #expect(query["✓"] == "é")
        #expect(query["missing"] == nil)
        #expect(query.names == ["a", "b", "c", "d", "e", "", "✓"])
    }

    @Test func malformedEscapesStayLiteral() {
        let query = QueryParameters(parsing: "a=%zz&b=%4&c=100%")
        #expect(query["a"] == "%zz")
        #expect(query["b"] == "%4")
        #expect(query["c"] == "100%")
    }

    @Test func emptyAndSeparatorOnly() {
        #expect(QueryParameters(parsing: "").isEmpty)
        #expect(QueryParameters(parsing: "&&").isEmpty)
        #expect(QueryParameters(parsing: "a=b=c")["a"] == "b=c")
    }
}
