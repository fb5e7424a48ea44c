import SiraCache
import SiraCore
import SiraTesting
import Testing

@Suite("Cache keys: one spelling per request, every part that decides the answer")
struct CacheKeyTests {
    static func canonical(_ text: String) throws -> String {
        String(decoding: try CanonicalJSON.bytes(parsing: Array(text.utf8)), as: UTF8.self)
    }

    static func key(
        _ request: String, scope: String = "shared", generation: Int = 0, format: APIFormat = .openAI,
        deployment: String = "openai/gpt-4o", stream: Bool = false
    ) throws -> CacheKey {
        CacheKey(
            scope: scope, generation: generation, format: format, deployment: deployment, stream: stream,
            canonicalRequest: try CanonicalJSON.bytes(parsing: Array(request.utf8)))
    }

    @Test("members sorted at every depth, no whitespace, arrays in their order")
    func canonicalForm() throws {
        #expect(
            try Self.canonical(#" { "b" : 1, "a" : { "z" : [3, 1, {"y":true,"x":null}], "c":"é" } } "#)
                == #"{"a":{"c":"é","z":[3,1,{"x":null,"y":true}]},"b":1}"#)
        #expect(try Self.canonical(#"{"é":1,"e":2,"z":3,"E":4}"#) == #"{"E":4,"e":2,"z":3,"é":1}"#, "UTF-8 order")
    }

    @Test("every spelling of a number agrees: 1, 1.0, 1e0, 10E-1; -0 is 0; fractions keep their shortest form")
    func numbers() throws {
        for spelling in ["1", "1.0", "1e0", "10E-1", "1.000"] { #expect(try Self.canonical("[\(spelling)]") == "[1]") }
        #expect(try Self.canonical("[-0.0, -0]") == "[0,0]")
        #expect(try Self.canonical("[0.70, 7e-1, 2.5e0]") == "[0.7,0.7,2.5]")
        #expect(try Self.canonical("[9007199254740992.0]") == "[9007199254740992]")
        #expect(try Self.canonical("[1e300]") == "[1e+300]")
    }

    @Test("strings agree however they were escaped")
    func strings() throws {
        #expect(try Self.canonical(#"["\u00e9\/\u0041", "é/A"]"#) == #"["é/A","é/A"]"#)
    }

    @Test("requests that differ only in spelling share a key; a different member value does not")
    func sameMeaningSameKey() throws {
        let a = try Self.key(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":1}"#)
        let b = try Self.key(#"{ "temperature": 1.0, "messages": [ {"content":"hi","role":"user"} ], "model":"m" }"#)
        #expect(a == b && a.hex == b.hex)
        let c = try Self.key(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":0.9}"#)
        #expect(a != c)
        let reordered = try Self.key(
            #"{"model":"m","messages":[{"role":"user","content":"b"},{"role":"user","content":"a"}]}"#)
        let original = try Self.key(
            #"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}"#)
        #expect(reordered != original, "message order is meaning")
    }

    @Test("scope, generation, format, deployment and stream each change the key; the key names its scope")
    func everyPartCounts() throws {
        let request = #"{"model":"m","messages":[]}"#
        let base = try Self.key(request)
        let variants = [
            try Self.key(request, scope: "key-2"), try Self.key(request, generation: 1),
            try Self.key(request, format: .anthropic), try Self.key(request, deployment: "azure/gpt-4o"),
            try Self.key(request, stream: true),
        ]
        for variant in variants { #expect(variant != base && variant.digest != base.digest) }
        #expect(Set(variants.map(\.hex)).count == variants.count)
        #expect(base.scope == "shared" && base.digest.count == 32 && base.hex.count == 64)
        #expect(base.description == "shared:" + base.hex)
    }

    @Test("parts are length-prefixed: moving bytes between the scope and the deployment changes the key")
    func noAmbiguousConcatenation() throws {
        let request = #"{"model":"m","messages":[]}"#
        #expect(try Self.key(request, scope: "ab", deployment: "c") != Self.key(request, scope: "a", deployment: "bc"))
    }

    @Test("the digest is SHA-256 of the length-prefixed parts (a known vector pins the format)")
    func knownDigest() throws {
        let key = CacheKey(
            scope: "s", generation: 0, format: .openAI, deployment: "d", stream: false,
            canonicalRequest: Array("{}".utf8))
        // Pinned (computed independently with Python's hashlib: each part as an 8-byte big-endian length and
        // its bytes). A change here changes every key, so it must come with a new formatVersion.
        #expect(CacheKey.formatVersion == 1)
        #expect(key.hex == "3ddbe937de75c181bb23a459e931a05c416d03f705882046e7d505f3297a5267")
    }
}
