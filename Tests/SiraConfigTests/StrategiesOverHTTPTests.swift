import SiraConfig
import SiraCore
import SiraHTTP
import SiraProviders
import SiraRouting
import SiraTesting
import Testing

/// The strategies end to end: a configuration file, the real server, and two fake OpenAI upstreams
/// on loopback. The unit tests check each strategy's order; these check that what the file says is
/// what the gateway does, and that the client can see it (`x-sira-provider`).
@Suite("Strategies over HTTP, from a configuration file")
struct StrategiesOverHTTPTests {
    static func yaml(_ a: String, _ b: String) -> String {
        """
        providers:
          a: {kind: openai-compatible, base_url: "\(a)"}
          b: {kind: openai-compatible, base_url: "\(b)"}
          claude: {kind: anthropic, base_url: "\(a)", api_key: test}
        models:
          vectors:
            targets:
              - {name: one, provider: a, model: e-a}
              - {name: two, provider: b, model: e-b}
          claude-first:
            targets:
              - {name: sonnet, provider: claude, model: claude-sonnet-4-6}
              - {name: two, provider: b, model: e-b}
          claude-only:
            targets:
              - {name: sonnet, provider: claude, model: claude-sonnet-4-6}
          turns:
            strategy: {round-robin: [one, two]}
            targets:
              - {name: one, provider: a, model: m-a}
              - {name: two, provider: b, model: m-b}
          tiers:
            strategy:
              conditional:
                - if: {metadata: {tier: gold}}
                  then: two
                - if: {tools: true}
                  then: two
              otherwise: one
            targets:
              - {name: one, provider: a, model: m-a}
              - {name: two, provider: b, model: m-b}
          cheapest:
            strategy: {cost: [dear, cheap]}
            targets:
              - {name: dear, provider: a, model: m-a, input_price: 10, output_price: 30}
              - {name: cheap, provider: b, model: m-b, input_price: 0.1, output_price: 0.4}
          split:
            strategy: {weighted: [one, two]}
            targets:
              - {name: one, provider: a, model: m-a, weight: 0.000001}
              - {name: two, provider: b, model: m-b, weight: 1000}
          bounded:
            fallback: {on: [provider_timeout]}
            targets:
              - {name: one, provider: a, model: m-a}
              - {name: two, provider: b, model: m-b}
          windows:
            targets:
              - {name: small, provider: a, model: m-a, context_window: 100}
              - {name: large, provider: b, model: m-b, context_window: 100000}
          tooling:
            targets:
              - {name: plain, provider: a, model: m-a, tools: false}
              - {name: tooled, provider: b, model: m-b}
          cooling:
            cooldown: {failures: 2, seconds: 3}
            targets:
              - {name: one, provider: a, model: m-a}
              - {name: two, provider: b, model: m-b}
        """
    }

    /// Runs `body` against a gateway configured with two fake upstreams.
    func withGateway(
        _ a: FakeUpstream = FakeUpstream(.answer(OpenAIFixtures.response)),
        _ b: FakeUpstream = FakeUpstream(.answer(OpenAIFixtures.response)),
        _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws {
        try await a.run { aURL in
            try await b.run { bURL in
                try await TestGateway.with(yaml: Self.yaml(aURL, bURL)) { _, port in try await body(port) }
            }
        }
    }

    func post(
        _ port: Int, model: String, headers: String = "", tools: Bool = false, content: String = "Hi"
    ) async throws -> RawHTTPResponse {
        let toolList = tools ? #","tools":[{"type":"function","function":{"name":"f"}}]"# : ""
        let body = #"{"model":"\#(model)","messages":[{"role":"user","content":"\#(content)"}]\#(toolList)}"#
        return try await RawHTTPConnection.exchange(
            port: port, RawHTTPConnection.post("/v1/chat/completions", json: body, headers: headers))
    }

    @Test("round-robin: requests take turns, a b a b")
    func roundRobin() async throws {
        try await withGateway { port in
            var answered: [String] = []
            for _ in 0..<4 { answered.append(try await self.post(port, model: "turns")["x-sira-provider"] ?? "?") }
            #expect(answered == ["a", "b", "a", "b"])
        }
    }

    @Test("conditional: x-sira-metadata and the presence of tools choose the branch")
    func conditional() async throws {
        try await withGateway { port in
            #expect(try await self.post(port, model: "tiers")["x-sira-provider"] == "a")
            let gold = try await self.post(port, model: "tiers", headers: "x-sira-metadata: {\"tier\":\"gold\"}\r\n")
            #expect(gold["x-sira-provider"] == "b")
            #expect(try await self.post(port, model: "tiers", tools: true)["x-sira-provider"] == "b")
            let bad = try await self.post(port, model: "tiers", headers: "x-sira-metadata: [1]\r\n")
            #expect(bad.status == 400, "metadata that is not an object of strings is the caller's mistake")
        }
    }

    @Test(
        "cost: the cheaper target answers; weighted: a target weighted a billion to one leads (a miss is one chance in 10^9 per request)"
    )
    func costAndWeighted() async throws {
        try await withGateway { port in
            for _ in 0..<3 {
                let cheapest = try await self.post(port, model: "cheapest")
                let split = try await self.post(port, model: "split")
                #expect(cheapest["x-sira-provider"] == "b")
                #expect(split["x-sira-provider"] == "b")
            }
        }
    }

    @Test("fallback.on: a failure not listed is the answer, with the x-sira fields; the second target is not tried")
    func fallbackOn() async throws {
        let a = FakeUpstream(.fail(status: 503))
        let b = FakeUpstream(.answer(OpenAIFixtures.response))
        try await withGateway(a, b) { port in
            let response = try await self.post(port, model: "bounded")
            #expect(response.status == 503)
            #expect(response["x-sira-attempts"] == "1", "a failure says how many attempts were made")
            #expect(response["x-sira-provider"] == "a" && response["x-sira-model"] == "m-a")
        }
        #expect(b.requests.values.isEmpty)
    }

    @Test("a prompt too large for a target's window skips it up front; an upstream's own overflow falls back")
    func contextWindows() async throws {
        let long = String(repeating: "lorem ipsum ", count: 100)  // about 300 tokens, over the small window
        try await withGateway { port in
            let skipped = try await self.post(port, model: "windows", content: long)
            #expect(skipped["x-sira-provider"] == "b" && skipped["x-sira-attempts"] == "1", "never tried and failed")
            #expect(try await self.post(port, model: "windows")["x-sira-provider"] == "a", "a short prompt fits")
            let none = try await self.post(
                port, model: "windows", tools: false, content: String(repeating: "x ", count: 300_000))
            #expect(none.status == 400, "no target's window fits about 150,000 tokens")
            #expect(none["x-sira-attempts"] == "0", "and no attempt was made")
        }
        let overflow =
            #"{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#
        let a = FakeUpstream(.fail(status: 400, body: overflow))
        try await withGateway(a) { port in
            let response = try await self.post(port, model: "bounded")
            #expect(response.status == 200 && response["x-sira-provider"] == "b")
            #expect(response["x-sira-attempts"] == "2")
        }
    }

    @Test("a target without tool support is never sent a request with tools")
    func toolSupport() async throws {
        let a = FakeUpstream(.answer(OpenAIFixtures.response))
        try await withGateway(a) { port in
            let withTools = try await self.post(port, model: "tooling", tools: true)
            #expect(withTools["x-sira-provider"] == "b" && withTools["x-sira-attempts"] == "1")
            #expect(a.requests.values.isEmpty)
            #expect(try await self.post(port, model: "tooling")["x-sira-provider"] == "a")
        }
    }

    @Test("cool-down and recovery: two failures skip the target for three seconds, then it is tried again")
    func coolDown() async throws {
        let a = FakeUpstream(.fail(status: 503))
        try await withGateway(a) { port in
            for _ in 0..<2 {
                let response = try await self.post(port, model: "cooling")
                #expect(response["x-sira-provider"] == "b" && response["x-sira-attempts"] == "2")
            }
            let skipping = try await self.post(port, model: "cooling")
            #expect(skipping["x-sira-provider"] == "b" && skipping["x-sira-attempts"] == "1", "a is cooling down")
            #expect(a.requests.values.count == 2)
            a.set(.answer(OpenAIFixtures.response))
            try await Task.sleep(for: .milliseconds(3100))
            #expect(try await self.post(port, model: "cooling")["x-sira-provider"] == "a", "recovered")
        }
    }

    func embed(_ port: Int, model: String) async throws -> RawHTTPResponse {
        let body = #"{"model":"\#(model)","input":"Hello"}"#
        return try await RawHTTPConnection.exchange(port: port, RawHTTPConnection.post("/v1/embeddings", json: body))
    }

    static let embeddingAnswer =
        #"{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.6,0.8]}],"model":"e","usage":{"prompt_tokens":1,"total_tokens":1}}"#

    @Test("embeddings route too: a failing target falls back; a target without embeddings is left out; none is a 400")
    func embeddings() async throws {
        let a = FakeUpstream(.fail(status: 503), path: "/v1/embeddings")
        let b = FakeUpstream(.answer(Self.embeddingAnswer), path: "/v1/embeddings")
        try await withGateway(a, b) { port in
            let fallback = try await self.embed(port, model: "vectors")
            #expect(fallback.status == 200 && fallback["x-sira-provider"] == "b" && fallback["x-sira-model"] == "e-b")
            #expect(fallback["x-sira-attempts"] == "2")
            #expect(fallback.text.contains("[0.6,0.8]"))
            let skipped = try await self.embed(port, model: "claude-first")
            #expect(
                skipped["x-sira-provider"] == "b" && skipped["x-sira-attempts"] == "1", "Anthropic has no embeddings")
            let none = try await self.embed(port, model: "claude-only")
            #expect(none.status == 400 && none.text.contains("offers embeddings"))
        }
        let sent = String(decoding: b.requests.values.first?.body ?? [], as: UTF8.self)
        #expect(sent.contains(#""model":"e-b""#), "each target gets its own upstream model")
        let first = String(decoding: a.requests.values.first?.body ?? [], as: UTF8.self)
        #expect(first.contains(#""model":"e-a""#))
    }
}
