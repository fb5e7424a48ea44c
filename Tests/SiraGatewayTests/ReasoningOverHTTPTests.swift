// A reasoning model behind the gateway (issue 15, part 3), end to end: a fake upstream replays DeepSeek's
// documented thinking-mode stream, slowly, and both client surfaces read it.

import SiraCore
import SiraGateway
import SiraTesting
import Testing

@Suite("Reasoning models over HTTP: reasoning before the answer, for each client surface")
struct ReasoningOverHTTPTests {
    /// The gateway in front of a DeepSeek-like upstream whose first token must come within 2.1 s.
    func withGateway(
        _ upstream: FakeUpstream,
        _ body: @escaping @Sendable (_ port: Int, _ ended: Recorder<String>) async throws -> Void
    ) async throws {
        let ended = Recorder<String>()
        try await upstream.run { url in
            let yaml = """
                providers:
                  deepseek: {kind: openai-compatible, base_url: "\(url)"}
                models:
                  reasoner: {provider: deepseek, model: deepseek-v4-pro, timeouts: {first_token: 2100ms}}
                """
            try await TestGateway.with(yaml: yaml, policies: ResponsesOverHTTPTests.settlements(ended)) { _, port in
                try await body(port, ended)
            }
        }
    }

    /// The stream with 700 ms before each event: reasoning begins 1.4 s in, 0.7 s within the first-token
    /// timeout, and the answer's first text comes 2.8 s in, 0.7 s after it (margins for a loaded machine).
    static let slowReasoning = FakeUpstream.Behaviour.stream(OpenAIFixtures.reasoningStream, pause: .milliseconds(700))

    @Test("a long reasoning phase commits the stream: the first-token timeout counts reasoning as the first token")
    func reasoningIsTheFirstToken() async throws {
        try await withGateway(FakeUpstream(Self.slowReasoning)) { port, ended in
            let response = try await RawHTTPConnection.exchange(
                port: port,
                RawHTTPConnection.post(
                    "/v1/chat/completions",
                    json: #"{"model":"reasoner","stream":true,"messages":[{"role":"user","content":"9.11 or 9.8?"}]}"#),
                timeout: .seconds(10))
            #expect(response.status == 200)
            // Forwarded untouched: every chunk as the upstream sent it, reasoning included.
            for chunk in OpenAIFixtures.reasoningStream.dropLast() { #expect(response.text.contains(chunk)) }
            #expect(response.text.hasSuffix("data: [DONE]\n\n"))
            try await ended.waitUntilRecorded()
            #expect(ended.values == ["completed 15+120"])
        }
    }

    @Test("an Anthropic client gets the reasoning as a thinking block, then the answer")
    func anthropicClientSeesThinking() async throws {
        try await withGateway(FakeUpstream(Self.slowReasoning)) { port, _ in
            let response = try await RawHTTPConnection.exchange(
                port: port,
                RawHTTPConnection.post(
                    "/v1/messages",
                    json:
                        #"{"model":"reasoner","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"9.11 or 9.8?"}]}"#
                ),
                timeout: .seconds(10))
            #expect(response.status == 200)
            let text = response.text
            let thinking = try #require(text.range(of: #""type":"thinking""#))
            let answer = try #require(text.range(of: #""text":"9.8 is larger.""#))
            #expect(thinking.lowerBound < answer.lowerBound)
            #expect(text.contains(#""thinking":"Compare 9.11""#) && text.contains("thinking_delta"))
            #expect(text.contains("message_stop"))
        }
    }

    @Test("a whole answer: reasoning_content reaches an OpenAI client as it came, an Anthropic client as thinking")
    func wholeAnswers() async throws {
        let upstream = FakeUpstream(.answer(OpenAIFixtures.reasoningResponse))
        try await withGateway(upstream) { port, ended in
            let openAI = try await RawHTTPConnection.exchange(
                port: port,
                RawHTTPConnection.post(
                    "/v1/chat/completions",
                    json:
                        #"{"model":"reasoner","enable_thinking":true,"thinking":{"type":"enabled"},"messages":[{"role":"user","content":"Hi"}]}"#
                ))
            #expect(openAI.text == OpenAIFixtures.reasoningResponse)
            let sent = try JSONValue(parsing: upstream.requests.values.first?.body ?? []).objectValue
            #expect(
                sent?["enable_thinking"] == true && sent?["thinking"] == ["type": "enabled"], "switches pass through")
            let anthropic = try await RawHTTPConnection.exchange(
                port: port,
                RawHTTPConnection.post(
                    "/v1/messages",
                    json: #"{"model":"reasoner","max_tokens":100,"messages":[{"role":"user","content":"Hi"}]}"#))
            let content = try JSONValue(parsing: anthropic.body).objectValue?["content"]?.arrayValue
            #expect(content?.first?.objectValue?["type"] == "thinking")
            let usage = try JSONValue(parsing: anthropic.body).objectValue?["usage"]?.objectValue
            #expect(usage?["cache_read_input_tokens"] == 8, "DeepSeek's cache hits, as Anthropic reports cached input")
            #expect(ended.values.count == 2)
        }
    }
}
