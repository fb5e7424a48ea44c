// Chapter 04's cache end to end: a configuration with `cache:`, the real server, and a fake upstream
// that counts its calls.

import SiraCore
import SiraGateway
import SiraHTTP
import SiraTesting
import Testing

@Suite("The answer cache over HTTP")
struct CacheOverHTTPTests {
    static func yaml(_ upstream: String, cache: String = "cache: {ttl: 10m, max_bytes: 16MiB}") -> String {
        """
        providers:
          up: {kind: openai-compatible, base_url: "\(upstream)"}
          mock: {kind: mock}
        models:
          gpt: {provider: up, model: up-model}
          live: {provider: up, model: up-model, cache: off}
          mock: {provider: mock}
          grouped:
            targets:
              - {name: one, provider: up, model: up-model}
        aliases:
          also-live: live
          also-gpt: gpt
        passthrough: [up]
        \(cache)
        """
    }

    /// Runs `body` against a cached gateway in front of a fake OpenAI upstream.
    func withGateway(
        _ upstream: FakeUpstream = FakeUpstream(.answer(OpenAIFixtures.response)),
        cache: String = "cache: {ttl: 10m, max_bytes: 16MiB}",
        policies: GatewayPolicies = GatewayPolicies(),
        _ body: @escaping @Sendable (_ port: Int, _ upstream: FakeUpstream) async throws -> Void
    ) async throws {
        try await upstream.run { url in
            try await TestGateway.with(yaml: Self.yaml(url, cache: cache), policies: policies) { _, port in
                try await body(port, upstream)
            }
        }
    }

    static func chat(
        _ port: Int, model: String = "gpt", content: String = "Hi", stream: Bool = false, headers: String = "",
        body: String? = nil
    ) async throws -> RawHTTPResponse {
        let json =
            body ?? #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"\#(content)"}]}"#
        return try await RawHTTPConnection.exchange(
            port: port, RawHTTPConnection.post("/v1/chat/completions", json: json, headers: headers))
    }

    @Test("a repeated request is answered from the cache: one upstream call, the same body, x-sira-cache says so")
    func hitAfterMiss() async throws {
        try await withGateway { port, upstream in
            let first = try await Self.chat(port)
            let second = try await Self.chat(port)
            #expect(first.status == 200 && second.status == 200)
            #expect(first["x-sira-cache"] == "miss" && second["x-sira-cache"] == "hit")
            #expect(second.text == first.text)
            #expect(upstream.requests.values.count == 1)
            let other = try await Self.chat(port, content: "Something else")
            #expect(other["x-sira-cache"] == "miss" && upstream.requests.values.count == 2)
        }
    }

    @Test("the same request spelled differently (member order, number format, spacing) hits")
    func spellingsHit() async throws {
        try await withGateway { port, upstream in
            let a = #"{"model":"gpt","temperature":1,"messages":[{"role":"user","content":"Hi"}]}"#
            let b = #"{ "messages" : [ {"content":"Hi","role":"user"} ], "temperature" : 1.0, "model" : "gpt" }"#
            let first = try await Self.chat(port, body: a)
            let second = try await Self.chat(port, body: b)
            #expect(first["x-sira-cache"] == "miss" && second["x-sira-cache"] == "hit")
            #expect(upstream.requests.values.count == 1)
        }
    }

    @Test("a hit bills nothing: the report's usage is zero while the miss reported the provider's")
    func hitBillsNothing() async throws {
        let usages = Recorder<Int>()
        let watch = ClosurePolicy<ChatCall, ProviderReply>("watch") { call, context, next in
            context.report.whenFinished { _, usage in usages.record(usage?.totalTokens ?? -1) }
            return try await next(call, context)
        }
        try await withGateway(policies: GatewayPolicies(call: [watch])) { port, _ in
            _ = try await Self.chat(port)
            _ = try await Self.chat(port)
        }
        #expect(usages.values.count == 2)
        #expect(usages.values.first ?? 0 > 0 && usages.values.last == 0)
    }

    @Test("a stream is replayed as the same events, byte for byte, and only after it ended whole")
    func streams() async throws {
        try await withGateway(FakeUpstream(.stream(OpenAIFixtures.textStream))) { port, upstream in
            let first = try await Self.chat(port, stream: true)
            let second = try await Self.chat(port, stream: true)
            #expect(first["x-sira-cache"] == "miss" && second["x-sira-cache"] == "hit")
            #expect(second.text == first.text && first.text.hasSuffix("data: [DONE]\n\n"))
            #expect(upstream.requests.values.count == 1)
            #expect(try await Self.chat(port)["x-sira-cache"] == "miss", "a whole answer is not the stream's key")

            // Translated chunks (the mock answers in the neutral model) replay the same way.
            let mockFirst = try await Self.chat(port, model: "mock", stream: true)
            let mockSecond = try await Self.chat(port, model: "mock", stream: true)
            #expect(mockSecond["x-sira-cache"] == "hit" && mockSecond.text == mockFirst.text)
        }
    }

    @Test("errors, a `length` stop and a cut stream are never stored")
    func neverStored() async throws {
        try await withGateway(FakeUpstream(.fail(status: 500, body: #"{"error":{"message":"boom"}}"#))) {
            port, upstream in
            #expect(try await Self.chat(port).status == 502)
            upstream.set(.answer(OpenAIFixtures.response.replacingOccurrences(of: #""stop""#, with: #""length""#)))
            #expect(try await Self.chat(port)["x-sira-cache"] == "miss")
            #expect(try await Self.chat(port)["x-sira-cache"] == "miss", "a length stop was not stored")
            upstream.set(.stream(OpenAIFixtures.textStream, done: false))
            _ = try await Self.chat(port, stream: true)
            upstream.set(.stream(OpenAIFixtures.textStream))
            #expect(try await Self.chat(port, stream: true)["x-sira-cache"] == "miss", "a cut stream was not stored")
            #expect(upstream.requests.values.count == 5)
        }
    }

    @Test("cache-control: no-store neither reads nor writes; no-cache asks the upstream and stores the answer")
    func clientControl() async throws {
        try await withGateway { port, upstream in
            let bypass = try await Self.chat(port, headers: "cache-control: no-store\r\n")
            #expect(bypass["x-sira-cache"] == "bypass")
            #expect(try await Self.chat(port)["x-sira-cache"] == "miss", "no-store stored nothing")
            #expect(try await Self.chat(port, headers: "Cache-Control: no-store\r\n")["x-sira-cache"] == "bypass")
            let refresh = try await Self.chat(port, headers: "cache-control: no-cache\r\n")
            #expect(refresh["x-sira-cache"] == "refresh")
            #expect(try await Self.chat(port)["x-sira-cache"] == "hit")
            #expect(upstream.requests.values.count == 4, "bypass, miss, bypass, refresh")
        }
    }

    @Test("a model with `cache: off` is never cached; a purge makes every stored answer a miss")
    func offAndPurge() async throws {
        try await withGateway { port, upstream in
            #expect(try await Self.chat(port, model: "live")["x-sira-cache"] == "bypass")
            #expect(try await Self.chat(port, model: "live")["x-sira-cache"] == "bypass")
            #expect(
                try await Self.chat(port, model: "also-live")["x-sira-cache"] == "bypass", "an alias follows its model")
            _ = try await Self.chat(port)
            #expect(try await Self.chat(port)["x-sira-cache"] == "hit")
            let purge = try await RawHTTPConnection.exchange(
                port: port, RawHTTPConnection.post("/sira/cache/purge", json: "{}"))
            #expect(purge.status == 200 && purge.text.contains(#""generation":1"#), "\(purge.status) \(purge.text)")
            #expect(try await Self.chat(port)["x-sira-cache"] == "miss")
            #expect(upstream.requests.values.count == 5)
        }
    }

    @Test("with no top-level cache, only the models that say `cache: on` (and their aliases) are cached")
    func onlySomeModels() async throws {
        let upstream = FakeUpstream(.answer(OpenAIFixtures.response))
        try await upstream.run { url in
            let yaml = """
                providers:
                  up: {kind: openai-compatible, base_url: "\(url)"}
                models:
                  gpt: {provider: up, model: up-model, cache: on}
                  other: {provider: up, model: up-model}
                aliases:
                  also-gpt: gpt
                passthrough: [up]
                """
            try await TestGateway.with(yaml: yaml) { _, port in
                for model in ["gpt", "also-gpt"] {
                    _ = try await Self.chat(port, model: model)
                    let again = try await Self.chat(port, model: model)
                    #expect(again["x-sira-cache"] == "hit", "\(model)")
                }
                for model in ["other", "up/up-model"] {
                    let response = try await Self.chat(port, model: model)
                    #expect(response.status == 200 && response["x-sira-cache"] == "bypass", "\(model)")
                }
            }
        }
        #expect(upstream.requests.values.count == 4)
    }

    @Test("20 concurrent identical misses make one upstream call; the others are answered from it")
    func singleFlight() async throws {
        let upstream = FakeUpstream(.delayed(.milliseconds(300), .answer(OpenAIFixtures.response)))
        try await withGateway(upstream) { port, upstream in
            let results = try await withThrowingTaskGroup(of: RawHTTPResponse.self) { group in
                for _ in 0..<20 { group.addTask { try await Self.chat(port) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.status == 200 })
            #expect(upstream.requests.values.count == 1)
            #expect(results.filter { $0["x-sira-cache"] == "miss" }.count == 1)
            #expect(results.filter { $0["x-sira-cache"] == "hit" }.count == 19)
            #expect(Set(results.map(\.text)).count == 1)
        }
    }

    @Test("without `cache:` nothing is cached and no x-sira-cache field is sent")
    func notConfigured() async throws {
        try await withGateway(cache: "") { port, upstream in
            let first = try await Self.chat(port)
            let second = try await Self.chat(port)
            #expect(first["x-sira-cache"] == nil && second["x-sira-cache"] == nil)
            #expect(upstream.requests.values.count == 2)
        }
    }

    @Test("a group's model is cached by its public name, before routing")
    func groups() async throws {
        try await withGateway { port, upstream in
            #expect(try await Self.chat(port, model: "grouped")["x-sira-cache"] == "miss")
            let hit = try await Self.chat(port, model: "grouped")
            #expect(hit["x-sira-cache"] == "hit" && hit["x-sira-attempts"] == "0")
            #expect(upstream.requests.values.count == 1)
        }
    }

    @Test("memory is bounded in bytes: past max_bytes the least recently used answer is evicted")
    func evictionByBytes() async throws {
        // Each stored answer costs its body (about 550 bytes), its header fields and the entry overhead.
        try await withGateway(cache: "cache: {max_bytes: 2KiB, max_entry_bytes: 1KiB}") { port, upstream in
            for content in ["a", "b", "c", "d"] {
                let response = try await Self.chat(port, content: content)
                #expect(response.status == 200)
            }
            let recent = try await Self.chat(port, content: "d")
            let oldest = try await Self.chat(port, content: "a")
            #expect(recent["x-sira-cache"] == "hit")
            #expect(oldest["x-sira-cache"] == "miss", "the oldest was evicted")
            #expect(upstream.requests.values.count == 5)
        }
    }

    @Test("every cache-control field counts: no-store in a second field still bypasses")
    func repeatedCacheControl() async throws {
        try await withGateway { port, upstream in
            let fields = "cache-control: max-age=0\r\ncache-control: no-store\r\n"
            let first = try await Self.chat(port, headers: fields)
            let second = try await Self.chat(port)
            #expect(first["x-sira-cache"] == "bypass" && second["x-sira-cache"] == "miss", "nothing was stored")
            #expect(upstream.requests.values.count == 2)
        }
    }

    @Test("a body that repeats a member name is never cached: parsers disagree about which value counts")
    func repeatedMemberNames() async throws {
        try await withGateway { port, upstream in
            let body =
                #"{"model":"gpt","messages":[{"role":"user","content":"A"}],"messages":[{"role":"user","content":"B"}]}"#
            let first = try await Self.chat(port, body: body)
            let second = try await Self.chat(port, body: body)
            #expect(first["x-sira-cache"] == "bypass" && second["x-sira-cache"] == "bypass")
            #expect(upstream.requests.values.count == 2)
        }
    }

    @Test("a stream whose client leaves halfway is not stored, and a caller waiting for it goes on at once")
    func abandonedStream() async throws {
        let upstream = FakeUpstream(.stream(OpenAIFixtures.textStream, pause: .milliseconds(150)))
        try await withGateway(upstream) { port, upstream in
            let body = #"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#
            let leaver = try await RawHTTPConnection.connect(port: port)
            try await leaver.send(RawHTTPConnection.post("/v1/chat/completions", json: body))
            for _ in 0..<300 where leaver.unreadBytes.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            let waiter = Task { try await Self.chat(port, body: body) }
            try await Task.sleep(for: .milliseconds(100))
            await leaver.close()
            let waited = try await waiter.value
            #expect(waited.status == 200 && waited["x-sira-cache"] == "miss")
            #expect(waited.text.hasSuffix("data: [DONE]\n\n"))
            #expect(upstream.requests.values.count == 2, "the cut stream was not stored: the waiter asked again")
            let again = try await Self.chat(port, body: body)
            #expect(again["x-sira-cache"] == "hit" && again.text == waited.text, "the whole stream was")
        }
    }

    /// Sends one Anthropic messages request twice to a cached gateway in front of a fake Anthropic upstream
    /// that answers with `behaviour`; returns both responses and how many calls the upstream saw.
    func twiceToAnthropic(_ behaviour: FakeUpstream.Behaviour, stream: Bool) async throws
        -> (RawHTTPResponse, RawHTTPResponse, Int)
    {
        let anthropic = FakeUpstream(behaviour, path: "/v1/messages")
        let responses = try await anthropic.run { url in
            let yaml = """
                providers:
                  claude: {kind: anthropic, base_url: "\(url)", api_key: test}
                models:
                  claude: {provider: claude, model: claude-up}
                cache: {}
                """
            return try await TestGateway.with(yaml: yaml) { _, port in
                let body =
                    #"{"model":"claude","max_tokens":64,"stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#
                let first = try await RawHTTPConnection.exchange(
                    port: port, RawHTTPConnection.post("/v1/messages", json: body))
                let second = try await RawHTTPConnection.exchange(
                    port: port, RawHTTPConnection.post("/v1/messages", json: body))
                return (first, second)
            }
        }
        return (responses.0, responses.1, anthropic.requests.values.count)
    }

    @Test("Anthropic's format is cached in its own shape: a message body, and a stream's events, replayed as they came")
    func anthropicFormat() async throws {
        let (first, second, calls) = try await twiceToAnthropic(.answer(AnthropicFixtures.response), stream: false)
        #expect(first["x-sira-cache"] == "miss" && second["x-sira-cache"] == "hit")
        #expect(second.text == first.text && second.text.contains(#""type":"message""#))
        #expect(calls == 1)
        let (streamed, replayed, streamCalls) = try await twiceToAnthropic(
            .events(AnthropicFixtures.textStream), stream: true)
        #expect(streamed["x-sira-cache"] == "miss" && replayed["x-sira-cache"] == "hit")
        #expect(replayed.text == streamed.text && replayed.text.contains("event: message_stop"))
        #expect(streamCalls == 1)
    }

    @Test("with the top-level cache, pass-through names are cached even when no configured model is")
    func passThroughOnly() async throws {
        let upstream = FakeUpstream(.answer(OpenAIFixtures.response))
        try await upstream.run { url in
            let yaml = """
                providers:
                  up: {kind: openai-compatible, base_url: "\(url)"}
                passthrough: [up]
                cache: {max_bytes: 1TiB}
                """
            try await TestGateway.with(yaml: yaml) { _, port in
                _ = try await Self.chat(port, model: "up/up-model")
                let second = try await Self.chat(port, model: "up/up-model")
                #expect(second["x-sira-cache"] == "hit")
            }
        }
        #expect(upstream.requests.values.count == 1)
    }
}
