// How a call ended and what it used reaches the request's report once, for every kind of reply,
// over HTTP through the real gateway, with fake upstreams speaking each format.

import SiraCore
import SiraGateway
import SiraTesting
import Testing

@Suite("One report of how a call ended, with its usage, for every kind of reply")
struct CallReportTests {
    /// A call policy that records, for each call, how it ended and the usage (as budgets will).
    final class Settlements: Sendable {
        let ended = Recorder<String>()

        var policy: ClosurePolicy<ChatCall, ProviderReply> {
            ClosurePolicy("settle") { [ended] call, context, next in
                context.report.whenFinished { outcome, usage in
                    let tokens = usage.map { "\($0.promptTokens)+\($0.completionTokens)" } ?? "none"
                    ended.record("\(outcome) \(tokens)")
                }
                return try await next(call, context)
            }
        }
    }

    static func yaml(openAI: String, anthropic: String) -> String {
        """
        providers:
          oai: {kind: openai-compatible, base_url: "\(openAI)"}
          ant: {kind: anthropic, base_url: "\(anthropic)", api_key: "k"}
        models:
          gpt: {provider: oai, model: gpt-4o-mini}
          claude: {provider: ant, model: claude-sonnet-4-6}
        """
    }

    func withGateway(
        openAI: FakeUpstream = FakeUpstream(.stream(OpenAIFixtures.textStream)),
        anthropic: FakeUpstream = FakeUpstream(.events(AnthropicFixtures.textStream), path: "/v1/messages"),
        _ body: @escaping @Sendable (Int, Settlements) async throws -> Void
    ) async throws {
        let settlements = Settlements()
        try await openAI.run { openAIURL in
            try await anthropic.run { anthropicURL in
                let yaml = Self.yaml(openAI: openAIURL, anthropic: anthropicURL)
                try await TestGateway.with(yaml: yaml, policies: GatewayPolicies(call: [settlements.policy])) {
                    _, port in
                    try await body(port, settlements)
                }
            }
        }
    }

    static func chat(_ model: String, stream: Bool) -> String {
        RawHTTPConnection.post(
            "/v1/chat/completions",
            json: #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#)
    }

    static func messages(_ model: String, stream: Bool) -> String {
        RawHTTPConnection.post(
            "/v1/messages",
            json:
                #"{"model":"\#(model)","max_tokens":50,"stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#
        )
    }

    @Test("a forwarded OpenAI stream reports the usage the gateway asked for, even when the client did not")
    func openAIForwardedStream() async throws {
        try await withGateway { port, settlements in
            let response = try await RawHTTPConnection.exchange(port: port, Self.chat("gpt", stream: true))
            #expect(response.status == 200 && !response.text.contains("prompt_tokens"), "the client did not ask")
            try await settlements.ended.waitUntilRecorded()
            #expect(settlements.ended.values == ["completed 9+12"])
        }
    }

    @Test("a forwarded Anthropic stream reports usage from message_start and message_delta")
    func anthropicForwardedStream() async throws {
        try await withGateway { port, settlements in
            let response = try await RawHTTPConnection.exchange(port: port, Self.messages("claude", stream: true))
            #expect(response.status == 200 && response.text.contains("message_stop"))
            try await settlements.ended.waitUntilRecorded()
            #expect(settlements.ended.values == ["completed 11+6"])
        }
    }

    @Test("a translated stream (OpenAI client, Anthropic upstream) reports the usage the translator read")
    func translatedStream() async throws {
        try await withGateway { port, settlements in
            let response = try await RawHTTPConnection.exchange(port: port, Self.chat("claude", stream: true))
            #expect(response.status == 200 && response.text.hasSuffix("data: [DONE]\n\n"))
            try await settlements.ended.waitUntilRecorded()
            #expect(settlements.ended.values == ["completed 11+6"])
        }
    }

    @Test("whole answers report usage: forwarded (OpenAI to OpenAI) and translated (Anthropic to OpenAI)")
    func wholeAnswers() async throws {
        try await withGateway(
            openAI: FakeUpstream(.answer(OpenAIFixtures.response)),
            anthropic: FakeUpstream(.answer(AnthropicFixtures.response), path: "/v1/messages")
        ) { port, settlements in
            let forwarded = try await RawHTTPConnection.exchange(port: port, Self.chat("gpt", stream: false))
            let translated = try await RawHTTPConnection.exchange(port: port, Self.chat("claude", stream: false))
            #expect(forwarded.status == 200 && translated.status == 200)
            #expect(settlements.ended.values.count == 2)
            #expect(settlements.ended.values.last == "completed 377+65")
            #expect(settlements.ended.values.first?.hasPrefix("completed ") == true)
            #expect(settlements.ended.values.first != "completed none", "the forwarded body's usage was read")
        }
    }

    @Test("a stream cut after its commit point ends failed, with the error kind; a refused call ends failed too")
    func failures() async throws {
        let cut = FakeUpstream(.stream(Array(OpenAIFixtures.textStream.prefix(2)), done: false))
        try await withGateway(openAI: cut) { port, settlements in
            let response = try await RawHTTPConnection.exchange(port: port, Self.chat("gpt", stream: true))
            #expect(response.text.contains("provider_error"), "the endpoint wrote the error event")
            try await settlements.ended.waitUntilRecorded()
            cut.set(.fail(status: 429, body: #"{"error":{"message":"slow down"}}"#))
            let refused = try await RawHTTPConnection.exchange(port: port, Self.chat("gpt", stream: false))
            #expect(refused.status == 429)
            #expect(settlements.ended.values == ["failed(provider_error) none", "failed(provider_rate_limited) none"])
        }
    }

    @Test("embeddings report their prompt tokens; a request refused before any model call still ends, failed")
    func embeddingsAndEarlyRefusals() async throws {
        let embeddings = FakeUpstream(
            .answer(#"{"object":"list","data":[],"model":"e","usage":{"prompt_tokens":5,"total_tokens":5}}"#),
            path: "/v1/embeddings")
        let ended = Recorder<String>()
        let watch = ClosurePolicy<GatewayRequest, GatewayResponse>("watch") { request, context, next in
            context.report.whenFinished { outcome, usage in
                ended.record("\(request.path) \(outcome) \(usage.map { String($0.promptTokens) } ?? "none")")
            }
            return try await next(request, context)
        }
        try await embeddings.run { url in
            let yaml = """
                providers:
                  oai: {kind: openai-compatible, base_url: "\(url)"}
                models:
                  embed: {provider: oai, model: text-embedding-3-small}
                """
            try await TestGateway.with(yaml: yaml, policies: GatewayPolicies(request: [watch])) { _, port in
                let vectors = try await RawHTTPConnection.exchange(
                    port: port, RawHTTPConnection.post("/v1/embeddings", json: #"{"model":"embed","input":"hi"}"#))
                #expect(vectors.status == 200)
                let unknown = try await RawHTTPConnection.exchange(port: port, Self.chat("nope", stream: false))
                #expect(unknown.status == 404)
                let health = try await RawHTTPConnection.exchange(port: port, "GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(health.status == 200)
            }
        }
        #expect(
            ended.values == [
                "/v1/embeddings completed 5", "/v1/chat/completions failed(model_not_found) none",
                "/health completed none",
            ])
    }

    @Test("a client that goes away mid-stream ends the call as cancelled")
    func cancelled() async throws {
        let slow = FakeUpstream(.stream(OpenAIFixtures.textStream, pause: .milliseconds(200)))
        try await withGateway(openAI: slow) { port, settlements in
            let connection = try await RawHTTPConnection.connect(port: port)
            try await connection.send(Self.chat("gpt", stream: true))
            let deadline = ContinuousClock.now + .seconds(5)
            while !String(decoding: connection.unreadBytes, as: UTF8.self).contains("data:") {
                try #require(ContinuousClock.now < deadline, "no event arrived")
                try await Task.sleep(for: .milliseconds(5))
            }
            await connection.close()  // the head and a first event are out; the rest is not
            try await settlements.ended.waitUntilRecorded(timeout: .seconds(5))
            #expect(settlements.ended.values.first?.hasPrefix("cancelled") == true, "\(settlements.ended.values)")
        }
    }
}
