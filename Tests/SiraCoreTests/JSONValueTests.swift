import Foundation
import SiraCore
import SiraTesting
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("decodes every JSON type and keeps integers apart from fractions")
    func decodesEveryType() throws {
        let value = try JSONTesting.parse(#"{"n":null,"b":false,"i":-7,"d":1.25,"s":"x","a":[1,"y"],"o":{"k":true}}"#)
        let expected: JSONValue = [
            "n": nil, "b": false, "i": -7, "d": 1.25, "s": "x", "a": [1, "y"], "o": ["k": true],
        ]
        #expect(value == expected)
    }

    @Test("integers beyond 2^53 survive exactly")
    func largeIntegers() throws {
        let value = try JSONTesting.parse("[9007199254740993, -9223372036854775808]")
        #expect(value == [.integer(9_007_199_254_740_993), .integer(Int64.min)])
        #expect(String(decoding: value.jsonBytes(), as: UTF8.self) == "[9007199254740993,-9223372036854775808]")
    }

    @Test("a number beyond 64 bits decodes as a double")
    func hugeNumbers() throws {
        #expect(try JSONTesting.parse("1e300") == .double(1e300))
    }

    @Test("strings with escapes and non-ASCII text round-trip")
    func strings() throws {
        let text = "quote \" backslash \\ newline \n tab \t emoji 🦊 accents é"
        let bytes = JSONValue.string(text).jsonBytes()
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) == .string(text))
    }

    @Test("slashes are not escaped in output")
    func slashes() {
        #expect(String(decoding: JSONValue.string("a/b").jsonBytes(), as: UTF8.self) == #""a/b""#)
    }

    @Test("isSameJSON compares numbers by value, == compares structure")
    func sameness() {
        #expect(JSONValue.integer(1).isSameJSON(as: .double(1.0)))
        #expect(JSONValue.integer(1) != .double(1.0))
        #expect(!JSONValue.array([1, 2]).isSameJSON(as: [1]))
        #expect(!JSONValue.object(["a": 1]).isSameJSON(as: ["b": 1]))
    }

    @Test("accessors return nil for other types")
    func accessors() {
        let value: JSONValue = "x"
        #expect(value.stringValue == "x")
        #expect(
            value.objectValue == nil && value.arrayValue == nil && value.doubleValue == nil && value.intValue == nil)
        #expect(JSONValue.double(3).intValue == 3)
        #expect(JSONValue.double(3.5).intValue == nil)
    }

    @Test("invalid JSON is an error, not a value")
    func invalid() {
        #expect(throws: DecodingError.self) { try JSONTesting.parse(#"{"a":}"#) }
    }
}
