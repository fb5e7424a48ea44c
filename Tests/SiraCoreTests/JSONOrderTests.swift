import SiraCore
import SiraTesting
import Testing

@Suite("JSON keeps member order; Sira's own parser and writer")
struct JSONOrderTests {
    @Test("parsing and writing compact JSON gives back the same bytes, members in their order")
    func roundTripBytes() throws {
        let text = #"{"zeta":1,"alpha":[true,false,null],"mid":{"b":"x","a":-2.5},"id":"é \"q\" \\ /","n":-0}"#
        let value = try JSONValue(parsing: Array(text.utf8))
        #expect(String(decoding: value.jsonBytes(), as: UTF8.self) == text.replacingOccurrences(of: "-0}", with: "0}"))
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid", "id", "n"])
    }

    @Test("a chat completion is written id, object, created, model, choices, usage, and the same bytes every time")
    func documentedOrder() throws {
        let response = try JSONTesting.decode(ChatResponse.self, OpenAIFixtures.response)
        let first = try SiraJSON.encode(response)
        let again = try SiraJSON.encode(try SiraJSON.decode(ChatResponse.self, from: first))
        #expect(first == again, "identical inputs give identical bytes")
        let keys = try #require(try JSONValue(parsing: first).objectValue?.keys)
        #expect(Array(keys.prefix(6)) == ["id", "object", "created", "model", "choices", "usage"], "got \(keys)")
    }

    @Test("unknown members keep the order they came in, through decoding and encoding")
    func unknownMembersInOrder() throws {
        let body =
            #"{"model":"m","messages":[{"role":"user","content":"hi","z_note":1,"a_note":2}],"zeta":1,"alpha":2,"mu":3}"#
        let request = try SiraJSON.decode(ChatRequest.self, from: Array(body.utf8))
        let encoded = try #require(try JSONValue(parsing: try SiraJSON.encode(request)).objectValue)
        #expect(encoded.keys.filter { ["zeta", "alpha", "mu"].contains($0) } == ["zeta", "alpha", "mu"])
        let message = try #require(encoded["messages"]?.arrayValue?.first?.objectValue)
        #expect(message.keys.filter { $0.hasSuffix("_note") } == ["z_note", "a_note"])
    }

    @Test("objects compare equal whatever their order; setting keeps a member's place, removing keeps the rest's")
    func objectSemantics() {
        var object: JSONObject = ["b": 1, "a": 2, "c": 3]
        let reordered: JSONObject = ["a": 2, "c": 3, "b": 1]
        #expect(object == reordered && object.hashValue == reordered.hashValue)
        object["a"] = 20
        object["d"] = 4
        object["b"] = nil
        #expect(object.keys == ["a", "c", "d"] && object["a"] == 20)
        #expect(object != reordered)
    }

    @Test(
        "strict parsing: trailing commas, leading zeros, lone surrogates, raw control characters and deep nesting are errors"
    )
    func strictness() {
        let bad = [
            #"{"a":1,}"#, "[1,]", "01", #""\ud800""#, "\"a\u{01}b\"", "[1] x", "{\"a\"}", "tru", "1.", "-", "1e",
            String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
        ]
        for text in bad {
            #expect(throws: DecodingError.self, "\(text.prefix(20)) must be refused") {
                try JSONValue(parsing: Array(text.utf8))
            }
        }
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect((try? JSONValue(parsing: Array(deepest.utf8))) != nil, "512 levels are allowed")
    }

    @Test(
        "escapes and numbers: surrogate pairs, integers beyond 64 bits become doubles, control characters written escaped"
    )
    func escapesAndNumbers() throws {
        #expect(try JSONValue(parsing: Array(#""\ud83d\ude00 \u00e9""#.utf8)) == .string("😀 é"))
        #expect(try JSONValue(parsing: Array("9223372036854775807".utf8)) == .integer(Int64.max))
        #expect(try JSONValue(parsing: Array("9223372036854775808".utf8)) == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue(parsing: Array("1.5e3".utf8)) == .double(1500))
        #expect(String(decoding: JSONValue.string("a\nb\u{01}").jsonBytes(), as: UTF8.self) == #""a\nb\u0001""#)
        #expect(String(decoding: JSONValue.double(100).jsonBytes(), as: UTF8.self) == "100")
        #expect(String(decoding: JSONValue.double(0.7).jsonBytes(), as: UTF8.self) == "0.7")
    }

    @Test("decoding errors name the member at fault, as the gateway's 400s need")
    func decodingErrors() {
        let body = #"{"model":"m","messages":[{"role":"user","content":"hi"},{"role":7}]}"#
        do {
            _ = try SiraJSON.decode(ChatRequest.self, from: Array(body.utf8))
            Issue.record("a role of 7 must not decode")
        } catch let error as DecodingError {
            let gatewayError = GatewayError(decoding: error)
            #expect(gatewayError.param == "messages[1].role", "got \(gatewayError.param ?? "nil")")
        } catch {
            Issue.record("expected a DecodingError, got \(error)")
        }
    }
}
