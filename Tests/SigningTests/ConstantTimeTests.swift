import Testing
import Signing

@Suite struct ConstantTimeTests {
    @Test func equal() {
        #expect(constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(constantTimeEquals("v1,abc=".utf8, Array("v1,abc=".utf8)))
    }

    @Test func differingContent() {
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2, 4] as [UInt8]))
        #expect(!constantTimeEquals([0, 2, 3] as [UInt8], [1, 2, 3] as [UInt8]))
        #expect(!constantTimeEquals([UInt8](repeating: 0, count: 32), [UInt8](repeating: 0, count: 31) + [0x80]))
    }

    @Test func differingLength() {
        #expect(!constantTimeEquals([1, 2, 3] as [UInt8], [1, 2] as [UInt8]))
        #expect(!constantTimeEquals([] as [UInt8], [0] as [UInt8]))
        #expect(!constantTimeEquals("abc".utf8, "abcd".utf8))
    }

    @Test func empty() {
        #expect(constantTimeEquals([] as [UInt8], [] as [UInt8]))
        #expect(constantTimeEquals("".utf8, [UInt8]()))
    }
}
