// The pass-through path scans a request instead of decoding it (ChatRequestScan). What that changes,
// seen from outside: a single same-format deployment forwards members the neutral model would refuse,
// while groups and translated calls still decode (and refuse them); a body that is not JSON, or has
// no model, is refused before any upstream call either way.

import SiraCore
import SiraGateway
import SiraHTTP
import SiraTesting
import Testing

@Suite("Pass-through without decoding")
struct PassThroughScanTests {
    static func yaml(openAI: String, anthropic: String) -> String {
        """
        providers:
          up: {kind: openai-compatible, base_url: "\(openAI)"}
          groq: {kind: openai-compatible, preset: groq, base_url: "\(openAI)", api_key: test}
          claude: {kind: anthropic, base_url: "\(anthropic)", api_key: test}
        models:
          direct: {provider: up, model: up-model}
          fast: {provider: groq, model: llama}
          claude: {provider: claude, model: claude-up}
          grouped:
            targets:
              - {name: one, provider: up, model: up-model}
        """
    }

    /// Runs `body` against a gateway in front of a fake OpenAI upstream and a fake Anthropic one.
    func withGateway(
        _ body:
            @escaping @Sendable (_ port: Int, _ openAI: FakeUpstream, _ anthropic: FakeUpstream) async throws -> Void
    ) async throws {
        let openAI = FakeUpstream(.answer(OpenAIFixtures.response))
        let anthropic = FakeUpstream(.answer(AnthropicFixtures.response), path: "/v1/messages")
        try await openAI.run { openAIURL in
            try await anthropic.run { anthropicURL in
                try await TestGateway.with(yaml: Self.yaml(openAI: openAIURL, anthropic: anthropicURL)) { _, port in
                    try await body(port, openAI, anthropic)
                }
            }
        }
    }

    static func post(_ port: Int, _ body: String, path: String = "/v1/chat/completions") async throws
        -> RawHTTPResponse
    {
        try await RawHTTPConnection.exchange(port: port, RawHTTPConnection.post(path, json: body))
    }

    @Test("a same-format deployment forwards what it only scanned, byte for byte; a group decodes and refuses it")
    func forwardsWhatItDidNotDecode() async throws {
        try await withGateway { port, openAI, _ in
            // `temperature` as a string does not decode into the neutral model; the upstream may judge it.
            let body =
                #"{ "model" : "direct","messages":[{"role":"user","content":"Hi"}],"temperature":"hot","x":[1.50]}"#
            let forwarded = try await Self.post(port, body)
            #expect(forwarded.status == 200)
            let sent = try #require(openAI.requests.values.first)
            let expected = body.replacingOccurrences(of: #""direct""#, with: #""up-model""#)
            #expect(String(decoding: sent.body, as: UTF8.self) == expected)

            let grouped = try await Self.post(port, body.replacingOccurrences(of: "direct", with: "grouped"))
            #expect(grouped.status == 400)
            #expect(grouped.text.contains(#""param":"temperature""#))
            #expect(openAI.requests.values.count == 1, "the refused request never went upstream")
        }
    }

    @Test("a body that is not JSON, is not an object, or lacks its model is refused before any upstream call")
    func refusesBadBodies() async throws {
        try await withGateway { port, openAI, anthropic in
            let notJSON = try await Self.post(port, #"{"model":"direct","messages":[{"role":"user",}]}"#)
            #expect(notJSON.status == 400 && notJSON.text.contains("invalid_json"))
            let array = try await Self.post(port, #"[{"model":"direct"}]"#)
            #expect(array.status == 400 && array.text.contains("must be a JSON object"))
            let noModel = try await Self.post(port, #"{"messages":[]}"#)
            #expect(noModel.status == 400 && noModel.text.contains(#""param":"model""#))
            let badStream = try await Self.post(port, #"{"model":"direct","messages":[],"stream":"yes"}"#)
            #expect(badStream.status == 400 && badStream.text.contains(#""param":"stream""#))
            let anthropicNotJSON = try await Self.post(port, #"{"model":"claude","messages":[}"#, path: "/v1/messages")
            #expect(anthropicNotJSON.status == 400 && anthropicNotJSON.text.contains(#""type":"error""#))
            #expect(openAI.requests.values.isEmpty && anthropic.requests.values.isEmpty)
        }
    }

    @Test("a preset still refuses, by name, the members its server rejects, from the scan alone")
    func presetRefusesFromTheScan() async throws {
        try await withGateway { port, openAI, _ in
            let refused = try await Self.post(
                port, #"{"model":"fast","messages":[{"role":"user","content":"Hi"}],"logprobs":true}"#)
            #expect(refused.status == 400 && refused.text.contains(#""param":"logprobs""#))
            #expect(openAI.requests.values.isEmpty)
            let absent = try await Self.post(
                port, #"{"model":"fast","messages":[{"role":"user","content":"Hi"}],"logprobs":null}"#)
            #expect(absent.status == 200, "a null member is absent, as OpenAI defines it, and not refused")
        }
    }

    @Test("a streamed same-format call is read as a stream from the scan, and the usage chunk is still asked for")
    func streamFromTheScan() async throws {
        try await withGateway { port, openAI, _ in
            openAI.set(.stream(OpenAIFixtures.textStream))
            let response = try await Self.post(
                port, #"{"model":"direct","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == 200 && response["content-type"] == "text/event-stream")
            #expect(response.text.hasSuffix("data: [DONE]\n\n"))
            let sent = String(decoding: try #require(openAI.requests.values.first).body, as: UTF8.self)
            #expect(sent.contains(#""stream_options":{"include_usage":true}"#))
        }
    }

    @Test("Anthropic's format too: forwarded as scanned to Anthropic, decoded (and refused) when translated")
    func anthropicFormat() async throws {
        try await withGateway { port, openAI, anthropic in
            let body = #"{"model":"claude","max_tokens":"many","messages":[{"role":"user","content":"Hi"}]}"#
            let forwarded = try await Self.post(port, body, path: "/v1/messages")
            #expect(forwarded.status == 200)
            let sent = String(decoding: try #require(anthropic.requests.values.first).body, as: UTF8.self)
            #expect(sent == body.replacingOccurrences(of: #""claude""#, with: #""claude-up""#))

            let translated = try await Self.post(
                port, body.replacingOccurrences(of: #""claude""#, with: #""direct""#), path: "/v1/messages")
            #expect(translated.status == 400 && translated.text.contains("max_tokens"))
            #expect(openAI.requests.values.isEmpty)
        }
    }
}
