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
