// The Responses API's two paths end to end (issue 14): forwarded as it is to an upstream that serves the
// API, translated for every other one, and both in one group.

import SiraCore
import SiraGateway
import SiraTesting
import Testing

@Suite("The Responses API over HTTP: pass-through and translation")
struct ResponsesOverHTTPTests {
    /// Records how each call ended and its usage, as budgets will read them.
    static func settlements(_ ended: Recorder<String>) -> GatewayPolicies {
        GatewayPolicies(call: [
            ClosurePolicy("settle") { call, context, next in
                context.report.whenFinished { outcome, usage in
                    ended.record("\(outcome) " + (usage.map { "\($0.promptTokens)+\($0.completionTokens)" } ?? "none"))
                }
                return try await next(call, context)
            }
        ])
    }

    /// The gateway in front of `responses` (an upstream that serves the Responses API) and `chat` (one that
    /// serves only chat completions).
    func withGateway(
        responses: FakeUpstream = FakeUpstream(.answer(OpenAIFixtures.responsesAnswer), path: "/v1/responses"),
        chat: FakeUpstream = FakeUpstream(.answer(OpenAIFixtures.response)),
        extra: String = "",
        _ body: @escaping @Sendable (_ port: Int, _ ended: Recorder<String>) async throws -> Void
    ) async throws {
        let ended = Recorder<String>()
        try await responses.run { responsesURL in
            try await chat.run { chatURL in
                let yaml = """
                    providers:
                      openai: {kind: openai, base_url: "\(responsesURL)", api_key: "k", responses_api: true}
                      local: {kind: openai-compatible, base_url: "\(chatURL)"}
                    models:
                      gpt: {provider: openai, model: gpt-4.1}
                      local: {provider: local, model: qwen3}
                      both:
                        targets:
                          - {name: first, provider: openai, model: gpt-4.1}
                          - {name: second, provider: local, model: qwen3}
                    \(extra)
                    """
                try await TestGateway.with(yaml: yaml, policies: Self.settlements(ended)) { _, port in
                    try await body(port, ended)
                }
            }
        }
    }

    static func post(_ port: Int, _ json: String, path: String = "/v1/responses") async throws -> RawHTTPResponse {
        try await RawHTTPConnection.exchange(port: port, RawHTTPConnection.post(path, json: json))
    }

    @Test("pass-through: OpenAI-only members reach an upstream that serves the API, the answer comes back as it came")
    func wholePassThrough() async throws {
        let upstream = FakeUpstream(.answer(OpenAIFixtures.responsesAnswer), path: "/v1/responses")
        try await withGateway(responses: upstream) { port, ended in
            let response = try await Self.post(
                port,
                #"{"model":"gpt","input":"Hi","previous_response_id":"resp_0","store":true,"tools":[{"type":"web_search"}]}"#
            )
            #expect(response.status == 200, "\(response.text)")
            #expect(response.text == OpenAIFixtures.responsesAnswer, "byte for byte")
            #expect(response["x-sira-provider"] == "openai")
            let sent = try JSONValue(parsing: upstream.requests.values.first?.body ?? []).objectValue
            #expect(upstream.requests.values.first?.path == "/v1/responses")
            #expect(sent?["model"] == "gpt-4.1", "only the model is replaced")
            #expect(sent?["previous_response_id"] == "resp_0" && sent?["tools"] == [["type": "web_search"]])
            try await ended.waitUntilRecorded()
            #expect(ended.values == ["completed 36+87"], "usage read from the forwarded response object")
        }
    }

    @Test(
        "pass-through streams: the upstream's events byte for byte, usage from response.completed; a cut ends in an error event"
    )
    func streamPassThrough() async throws {
        let upstream = FakeUpstream(
            .sequence([
                .events(OpenAIFixtures.responsesStream), .events(Array(OpenAIFixtures.responsesStream.dropLast())),
            ]), path: "/v1/responses")
        try await withGateway(responses: upstream) { port, ended in
            let whole = try await Self.post(port, #"{"model":"gpt","input":"Hi","stream":true}"#)
            #expect(whole.status == 200 && whole["content-type"] == "text/event-stream")
            #expect(whole.text == OpenAIFixtures.responsesStream.joined())
            try await ended.waitUntilRecorded()
            #expect(ended.values == ["completed 37+11"])

            let cut = try await Self.post(port, #"{"model":"gpt","input":"Hi","stream":true}"#)
            #expect(cut.text.hasPrefix(OpenAIFixtures.responsesStream.dropLast().joined()))
            let last = cut.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.last ?? ""
            #expect(last.hasPrefix("event: error\n") && last.contains(#""code":"provider_error""#), "\(last)")
            #expect(!cut.text.contains("response.completed"))
        }
    }

    @Test(
        "pass-through needs no input: a stored prompt template supplies it upstream; translation refuses the template by name"
    )
    func promptTemplate() async throws {
        let upstream = FakeUpstream(.answer(OpenAIFixtures.responsesAnswer), path: "/v1/responses")
        try await withGateway(responses: upstream) { port, _ in
            let forwarded = try await Self.post(port, #"{"model":"gpt","prompt":{"id":"pmpt_1","variables":{}}}"#)
            #expect(forwarded.status == 200 && upstream.requests.values.count == 1)
            let translated = try await Self.post(port, #"{"model":"local","prompt":{"id":"pmpt_1"}}"#)
            #expect(translated.status == 400 && translated.text.contains("'prompt'"), "\(translated.text)")
        }
    }

    @Test("translated for a chat-only server: chat completions upstream, OpenAI-only members refused by name")
    func translatedForChatServers() async throws {
        let chat = FakeUpstream(.answer(OpenAIFixtures.response))
        try await withGateway(chat: chat) { port, _ in
            let response = try await Self.post(port, #"{"model":"local","input":"Hi"}"#)
            #expect(response.status == 200)
            let object = try JSONValue(parsing: response.body).objectValue
            #expect(object?["object"] == "response" && object?["status"] == "completed")
            #expect(chat.requests.values.first?.path == "/v1/chat/completions")
            let sent = try JSONValue(parsing: chat.requests.values.first?.body ?? []).objectValue
            #expect(sent?["messages"] == [["role": "user", "content": "Hi"]] && sent?["input"] == nil)

            let stored = try await Self.post(port, #"{"model":"local","input":"Hi","previous_response_id":"resp_0"}"#)
            #expect(stored.status == 400 && stored.text.contains("previous_response_id"))
            #expect(chat.requests.values.count == 1, "refused before any upstream was asked")
        }
    }

    @Test("a group: the target that serves the API forwards; when it fails, the chat-only fallback translates")
    func mixedGroup() async throws {
        let responses = FakeUpstream(
            .sequence([.answer(OpenAIFixtures.responsesAnswer), .fail(status: 503)]), path: "/v1/responses")
        try await withGateway(responses: responses) { port, _ in
            let forwarded = try await Self.post(port, #"{"model":"both","input":"Hi"}"#)
            #expect(forwarded.text == OpenAIFixtures.responsesAnswer && forwarded["x-sira-provider"] == "openai")
            let translated = try await Self.post(port, #"{"model":"both","input":"Hi"}"#)
            #expect(translated.status == 200 && translated["x-sira-provider"] == "local")
            let object = try JSONValue(parsing: translated.body).objectValue
            #expect(object?["object"] == "response" && object?["id"] != "resp_67ccd2bed1ec8190")

            // A group decodes, so what Sira cannot translate is refused even though one target could take it.
            let stored = try await Self.post(port, #"{"model":"both","input":"Hi","previous_response_id":"resp_0"}"#)
            #expect(stored.status == 400 && stored.text.contains("previous_response_id"))
        }
    }

    @Test("a forwarded response object is cached and replayed as it came")
    func cachedAndReplayed() async throws {
        let responses = FakeUpstream(.answer(OpenAIFixtures.responsesAnswer), path: "/v1/responses")
        try await withGateway(responses: responses, extra: "cache: {ttl: 10m, max_bytes: 16MiB}") { port, _ in
            let first = try await Self.post(port, #"{"model":"gpt","input":"Hi"}"#)
            let second = try await Self.post(port, #"{"model":"gpt","input":"Hi"}"#)
            #expect(first["x-sira-cache"] == "miss" && second["x-sira-cache"] == "hit")
            #expect(second.text == OpenAIFixtures.responsesAnswer && responses.requests.values.count == 1)
        }
    }
}
