@testable import FakeClerk
import Foundation
import Testing

@Suite("JSON writing")
struct JSONWriterTests {
    @Test func writesNestedContainersEscapesAndNumbers() throws {
        var json = JSONWriter()
        json.beginObject()
        json.field("text", "quote \" backslash \\ newline \n tab \t bell \u{07} Zoë 山田")
        json.field("min", Int64.min)
        json.field("zero", Int64(0))
        json.nullField("none")
        json.key("list")
        json.beginArray()
        json.emptyObject()
        json.beginObject()
        json.field("flag", false)
        json.endObject()
        json.emptyArray()
        json.int(-42)
        json.endArray()
        json.key("raw")
        json.raw(Array(#"{"a":1}"#.utf8))
        json.endObject()
        let text = String(decoding: json.bytes, as: UTF8.self)
        #expect(text == #"{"text":"quote \" backslash \\ newline \n tab \t bell \u0007 Zoë 山田","min":-9223372036854775808,"#
            + #""zero":0,"none":null,"list":[{},{"flag":false},[],-42],"raw":{"a":1}}"#)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        #expect(parsed["text"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} Zoë 山田")
    }

    @Test func sortsKeysAtEveryLevelAndKeepsValuesAsWritten() throws {
        let input = #"{"b":[{"z":1,"a":"x\"y"},2.50],"a":{"d":null,"c":true},"ab":"é"}"#
        let sorted = try #require(SortedJSON.sorted(Array(input.utf8)))
        #expect(String(decoding: sorted, as: UTF8.self) == #"{"a":{"c":true,"d":null},"ab":"é","b":[{"a":"x\"y","z":1},2.50]}"#)
        #expect(SortedJSON.sorted(Array(#"{"a":1"#.utf8)) == nil)
        #expect(SortedJSON.sorted(Array(#"{"a":1} x"#.utf8)) == nil)
    }
}
