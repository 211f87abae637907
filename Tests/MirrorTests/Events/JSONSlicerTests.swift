@testable import Mirror
import Testing

@Suite struct JSONSlicerTests {
    @Test func slicesMembersByteForByte() throws {
        let text = #" { "a" : {"x": "}{][\"", "y": [1, {"z": null}]} , "b":-1.5e3,"c":"\u00e9","d":true } "#
        let bytes = Array(text.utf8)
        let members = try #require(JSONSlicer.members(of: bytes))
        #expect(members.map(\.key) == ["a", "b", "c", "d"])
        #expect(String(decoding: bytes[members[0].value], as: UTF8.self) == #"{"x": "}{][\"", "y": [1, {"z": null}]}"#)
        #expect(String(decoding: bytes[members[1].value], as: UTF8.self) == "-1.5e3")
        #expect(String(decoding: bytes[members[2].value], as: UTF8.self) == #""\u00e9""#)
    }

    @Test func removingAMemberKeepsTheOthersAsTheyWere() throws {
        let bytes = Array(#"{"id":"s","user":{"id":"u"},"n":1}"#.utf8)
        #expect(JSONSlicer.object(bytes, removing: ["user"]).map { String(decoding: $0, as: UTF8.self) } == #"{"id":"s","n":1}"#)
    }

    @Test(arguments: ["", "[]", "{", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{"a":"unterminated}"#, #"{"a":1} x"#, "{\"a\":\"\u{01}\"}"])
    func malformedInputGivesNil(text: String) {
        #expect(JSONSlicer.members(of: Array(text.utf8)) == nil)
    }

    @Test func emptyObject() {
        #expect(JSONSlicer.members(of: Array(" {} ".utf8))?.isEmpty == true)
    }

    @Test(arguments: [
        (#"{"a":1,"b":[1,{"c":"x"}]}"#, #" { "b" : [ 1 , { "c" : "x" } ] , "a" : 1 } "#, true),
        (#"{"name":"\u00e9\n"}"#, "{\"name\":\"é\\n\"}", true),
        (#"{"a":null,"b":true}"#, #"{"b":true,"a":null}"#, true),
        (#"{"a":1}"#, #"{"a":2}"#, false),
        (#"{"a":1}"#, #"{"a":1,"b":1}"#, false),
        (#"{"a":[1,2]}"#, #"{"a":[2,1]}"#, false),
        (#"{"a":{"b":"x"}}"#, #"{"a":{"b":"y"}}"#, false),
        (#"{"a":"1"}"#, #"{"a":1}"#, false),
        (#"{"a":1}"#, #"{"a":1.0}"#, false),
        (#"{"a":1,"a":2}"#, #"{"a":2,"b":1}"#, false),
        (#"{"a":1}"#, #"{"a":1"#, false),
    ])
    func sameValueIgnoresOrderAndSpacingOnly(a: String, b: String, same: Bool) {
        #expect(JSONSlicer.sameValue(Array(a.utf8), Array(b.utf8)) == same)
        #expect(JSONSlicer.sameValue(Array(b.utf8), Array(a.utf8)) == same)
    }

    /// Keys are found by their decoded text: escaped keys too, the first of a repeated key,
    /// and a key of the same length but other bytes is not a match.
    @Test func objectViewFindsKeysByTheirText() throws {
        let text = #"{"id":"a","i\u0064x":2,"id":"b","ix":3,"name":"\u00e9","":4,"nested":{"id":"c"}}"#
        let view = try #require(JSONObjectView(Array(text.utf8)))
        #expect(view.string("id") == "a")
        #expect(view.int64("idx") == 2)
        #expect(view.int64("ix") == 3)
        #expect(view.int64("iy") == nil)
        #expect(view.string("name") == "é")
        #expect(view.int64("") == 4)
        #expect(view.object("nested")?.string("id") == "c")
        #expect(view.string("absent") == nil)
        #expect(JSONObjectView(Array(#"{"a":1,}"#.utf8)) == nil)
    }

    /// Strings are skimmed eight bytes at a time: a quote, backslash or control character at
    /// any offset of a long string is still seen.
    @Test func everyOffsetOfALongStringIsChecked() throws {
        func object(_ contents: [UInt8]) -> [UInt8] { Array(#"{"k":""#.utf8) + contents + Array(#""}"#.utf8) }
        for length in 1..<40 {
            let plain = Array(repeating: UInt8(ascii: "x"), count: length)
            let whole = try #require(JSONSlicer.value("k", in: object(plain)))
            #expect(Array(whole) == Array("\"".utf8) + plain + Array("\"".utf8))
            for offset in 0..<length {
                var contents = plain
                contents[offset] = 0x0A // a raw line break inside a string is malformed
                #expect(JSONSlicer.members(of: object(contents)) == nil, "control character at \(offset) of \(length)")
                contents[offset] = UInt8(ascii: "\"") // the string ends early; what follows is not JSON
                #expect(JSONSlicer.members(of: object(contents)) == nil, "quote at \(offset) of \(length)")
                contents = plain
                contents.insert(UInt8(ascii: "\\"), at: offset)
                contents[offset + 1] = UInt8(ascii: "\"") // an escaped quote does not end it
                let bytes = object(contents)
                let member = try #require(JSONSlicer.members(of: bytes)?.first, "escape at \(offset) of \(length)")
                var expected = String(repeating: "x", count: length)
                expected.replaceSubrange(expected.index(expected.startIndex, offsetBy: offset)...expected.index(expected.startIndex, offsetBy: offset), with: "\"")
                #expect(JSONSlicer.string(bytes, member.value) == expected)
            }
        }
        #expect(!JSONSlicer.hasSpecialByte(0x7F80_FFC3_A921_5D23), "UTF-8, DEL, brackets and ! are plain")
        #expect(JSONSlicer.hasSpecialByte(0x7F80_FFC3_A921_5D1F))
        #expect(JSONSlicer.hasSpecialByte(0x2241_4141_4141_4141))
        #expect(JSONSlicer.hasSpecialByte(0x4141_5C41_4141_4141))
        #expect(JSONSlicer.hasSpecialByte(0x4141_4141_4141_4100))
    }
}
