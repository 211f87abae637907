@testable import Store
import Testing

@Suite struct PlaceholderTranslationTests {
    @Test(arguments: [
        ("SELECT $1, $2", "SELECT ?1, ?2"),
        ("SELECT $2 || $1 || $10", "SELECT ?2 || ?1 || ?10"),
        ("SELECT '$1', \"$2\", $3", "SELECT '$1', \"$2\", ?3"),
        ("SELECT 'it''s $1', $1", "SELECT 'it''s $1', ?1"),
        ("SELECT $1 -- $2 stays\n, $3", "SELECT ?1 -- $2 stays\n, ?3"),
        ("SELECT $a, $", "SELECT $a, $"),
    ])
    func numbersPlaceholdersOutsideQuotesAndComments(sql: String, expected: String) {
        #expect(PlaceholderTranslation.sqliteNumbered(sql) == expected)
    }
}
