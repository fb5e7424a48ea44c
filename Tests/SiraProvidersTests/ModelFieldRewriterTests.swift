import SiraCore
import SiraProviders
import Testing

@Suite("Model field rewriter (pass-through)")
struct ModelFieldRewriterTests {
    func rewrite(_ json: String, _ model: String = "gpt-4o-2024") -> String? {
        ModelFieldRewriter.replacingModel(in: Array(json.utf8), with: model).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("only the top-level model value changes; every other byte stays")
    func onlyModel() {
        let body =
            #"{ "messages":[{"role":"user","content":"say \"model\": x","model":"inner"}],  "model" : "smart", "temperature":1.0, "x_new":{"model":"keep"} }"#
        let expected =
            #"{ "messages":[{"role":"user","content":"say \"model\": x","model":"inner"}],  "model" : "gpt-4o-2024", "temperature":1.0, "x_new":{"model":"keep"} }"#
        #expect(rewrite(body) == expected)
    }

    @Test("the new name is escaped as JSON")
    func escaping() {
        #expect(rewrite(#"{"model":"a"}"#, #"we"ird\"#) == #"{"model":"we\"ird\\"}"#)
    }

    @Test("an escaped key spelling model is the model member")
    func escapedKey() {
        #expect(rewrite(#"{"mod\u0065l":"a","n":1}"#) == #"{"mod\u0065l":"gpt-4o-2024","n":1}"#)
    }

    @Test("no top-level string model, or not an object: nil")
    func refusals() {
        #expect(rewrite(#"{"messages":[]}"#) == nil)
        #expect(rewrite(#"{"model":42}"#) == nil)
        #expect(rewrite(#"[{"model":"a"}]"#) == nil)
        #expect(rewrite(#"{"model":"a""#) == nil)
        #expect(rewrite("") == nil)
    }

    @Test("unicode and nested structures around the model survive")
    func unicode() {
        #expect(
            rewrite(#"{"a":["é",{"b":[1,2,{"c":"}"}]}],"model":"x","z":"🦊"}"#)
                == #"{"a":["é",{"b":[1,2,{"c":"}"}]}],"model":"gpt-4o-2024","z":"🦊"}"#)
    }
}
