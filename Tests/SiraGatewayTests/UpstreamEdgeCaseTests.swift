// Provider edge cases real clients hit (issue 14, part 2): an upstream that answers 200 with something that is
// not what was asked for must reach the client as a clear 502 in its API's error shape, not as a body its SDK
// fails to parse.

import SiraCore
import SiraGateway
import SiraHTTP
import SiraTesting
import Testing

@Suite("An upstream's 200 that is not what was asked for is a 502")
struct UpstreamEdgeCaseTests {
    static let portal = FakeUpstream.Behaviour.fail(
        status: 200, headers: [("content-type", "text/html")],
        body: "<html><body>Please log in to the hotel Wi-Fi</body></html>")

    func withGateway(
        _ upstream: FakeUpstream, path: String = "/v1/chat/completions",
        _ body: @escaping @Sendable (_ port: Int) async throws -> Void
    ) async throws {
        try await upstream.run { url in
            let yaml = """
                providers:
                  up: {kind: openai-compatible, base_url: "\(url)"}
                  claude: {kind: anthropic, base_url: "\(url)"}
                models:
                  gpt: {provider: up, model: up-model}
                  sonnet: {provider: claude, model: claude-sonnet-4-6}
                """
            try await TestGateway.with(yaml: yaml) { _, port in try await body(port) }
        }
    }

    static func post(_ port: Int, _ path: String, _ json: String) async throws -> RawHTTPResponse {
        try await RawHTTPConnection.exchange(port: port, RawHTTPConnection.post(path, json: json))
    }

    @Test("pass-through: an HTML page with status 200 is a 502 in OpenAI's error shape that names the provider")
    func captivePortal() async throws {
        try await withGateway(FakeUpstream(Self.portal)) { port in
            let response = try await Self.post(
                port, "/v1/chat/completions", #"{"model":"gpt","messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == 502)
            let error = try JSONValue(parsing: response.body).objectValue?["error"]?.objectValue
            #expect(error?["code"]?.stringValue == "provider_error")
            let message = error?["message"]?.stringValue ?? ""
            #expect(message.contains("'up'") && message.contains("not JSON") && message.contains("text/html"))
            #expect(!message.contains("Wi-Fi"), "the upstream's body is never quoted")
        }
    }

    @Test("pass-through streams: an HTML page, or a whole JSON answer to a stream request, is a 502")
    func streamOfTheWrongKind() async throws {
        let json = FakeUpstream.Behaviour.answer(OpenAIFixtures.response)
        let upstream = FakeUpstream(.sequence([Self.portal, json]))
        try await withGateway(upstream) { port in
            for expected in ["text/html", "application/json"] {
                let response = try await Self.post(
                    port, "/v1/chat/completions",
                    #"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
                #expect(response.status == 502, "\(expected)")
                #expect(response.text.contains("not an event stream") && response.text.contains(expected))
            }
        }
    }

    @Test("translated: an HTML page from an Anthropic upstream reaches an OpenAI client as a 502")
    func translated() async throws {
        try await withGateway(FakeUpstream(Self.portal, path: "/v1/messages")) { port in
            for stream in [false, true] {
                let response = try await Self.post(
                    port, "/v1/chat/completions",
                    #"{"model":"sonnet","stream":\#(stream),"messages":[{"role":"user","content":"Hi"}]}"#)
                #expect(response.status == 502, "stream: \(stream)")
                #expect(response.text.contains(stream ? "not an event stream" : "not JSON"), "\(response.text)")
            }
        }
    }

    @Test("an Anthropic client gets the 502 in Anthropic's error shape")
    func anthropicShape() async throws {
        try await withGateway(FakeUpstream(Self.portal, path: "/v1/messages")) { port in
            let response = try await Self.post(
                port, "/v1/messages",
                #"{"model":"sonnet","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == 502)
            let body = try JSONValue(parsing: response.body).objectValue
            #expect(body?["type"]?.stringValue == "error")
            #expect(body?["error"]?.objectValue?["message"]?.stringValue?.contains("not JSON") == true)
        }
    }

    /// A gateway whose model `gpt` is an Azure deployment streaming the preamble, then a text answer.
    static func withAzureGateway(_ body: @escaping @Sendable (_ port: Int) async throws -> Void) async throws {
        let upstream = FakeUpstream(
            .stream([Self.azurePreamble] + OpenAIFixtures.textStream), path: "/v1/openai/v1/chat/completions")
        try await upstream.run { url in
            let yaml = """
                providers:
                  azure: {kind: azure-openai, base_url: "\(url)", api_key: k}
                models:
                  gpt: {provider: azure, model: gpt-4o}
                """
            try await TestGateway.with(yaml: yaml) { _, port in try await body(port) }
        }
    }

    static let azurePreamble =
        #"{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}"#

    @Test("an Azure stream's leading chunk with an empty id and no choices is left out; every chunk keeps one id")
    func azurePreambleIsDropped() async throws {
        try await Self.withAzureGateway { port in
            let response = try await Self.post(
                port, "/v1/chat/completions",
                #"{"model":"gpt","stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == 200)
            let chunks = response.text.components(separatedBy: "\n\n").compactMap { event -> JSONObject? in
                guard event.hasPrefix("data: {") else { return nil }
                return (try? JSONValue(parsing: Array(event.dropFirst(6).utf8)))?.objectValue
            }
            // The fixture's four answer chunks (its usage-only chunk is the gateway's to drop: the client
            // did not ask for usage), and no preamble.
            #expect(chunks.count == 4, "\(chunks.count) chunks")
            let ids = Set(chunks.compactMap { $0["id"]?.stringValue })
            #expect(ids.count == 1 && ids.first?.isEmpty == false, "\(ids)")
            #expect(chunks.allSatisfy { $0["object"]?.stringValue == "chat.completion.chunk" })
            #expect(response.text.hasSuffix("data: [DONE]\n\n"))
        }
    }

    @Test("translated for an Anthropic client, an Azure stream starts its message with the real id")
    func azurePreambleTranslated() async throws {
        try await Self.withAzureGateway { port in
            let response = try await Self.post(
                port, "/v1/messages",
                #"{"model":"gpt","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(response.status == 200)
            #expect(response.text.contains("event: message_start"))
            // Without the preamble left out, the message's id was "msg_" with nothing after it.
            #expect(response.text.contains(#""id":"msg_chatcmpl-123""#), "\(response.text.prefix(400))")
            #expect(response.text.contains("Hello"))
        }
    }

    static let forcedAnswer =
        #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[{"type":"tool_use","id":"toolu_1","name":"json_tool_call","input":{"a":1}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":5}}"#

    static func event(_ name: String, _ data: String) -> String { "event: \(name)\ndata: \(data)\n\n" }

    static let forcedStream = [
        event(
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}}"#
        ),
        event(
            "content_block_start",
            #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"json_tool_call","input":{}}}"#
        ),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"a\""}}"#),
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":":1}"}}"#),
        event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
        event(
            "message_delta",
            #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":5}}"#
        ),
        event("message_stop", #"{"type":"message_stop"}"#),
    ]

    @Test("JSON mode on a Claude model: the forced tool's input is the answer's content, whole and streamed")
    func jsonModeOnClaude() async throws {
        let upstream = FakeUpstream(
            .sequence([.answer(Self.forcedAnswer), .events(Self.forcedStream)]), path: "/v1/messages")
        try await withGateway(upstream) { port in
            let whole = try await Self.post(
                port, "/v1/chat/completions",
                #"{"model":"sonnet","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"JSON please"}]}"#
            )
            #expect(whole.status == 200)
            let choice = try JSONValue(parsing: whole.body).objectValue?["choices"]?.arrayValue?.first?.objectValue
            #expect(choice?["message"]?.objectValue?["content"]?.stringValue == #"{"a":1}"#)
            #expect(choice?["message"]?.objectValue?["tool_calls"] == nil)
            #expect(choice?["finish_reason"]?.stringValue == "stop")
            let sent = try JSONValue(parsing: upstream.requests.values[0].body).objectValue
            #expect(sent?["tool_choice"] == ["type": "tool", "name": "json_tool_call"])

            let streamed = try await Self.post(
                port, "/v1/chat/completions",
                #"{"model":"sonnet","stream":true,"response_format":{"type":"json_object"},"messages":[{"role":"user","content":"JSON please"}]}"#
            )
            #expect(streamed.status == 200)
            var text = ""
            var finish: String?
            for event in streamed.text.components(separatedBy: "\n\n") where event.hasPrefix("data: {") {
                let chunk = try JSONValue(parsing: Array(event.dropFirst(6).utf8)).objectValue
                let choice = chunk?["choices"]?.arrayValue?.first?.objectValue
                #expect(choice?["delta"]?.objectValue?["tool_calls"] == nil)
                text += choice?["delta"]?.objectValue?["content"]?.stringValue ?? ""
                finish = choice?["finish_reason"]?.stringValue ?? finish
            }
            #expect(text == #"{"a":1}"# && finish == "stop")
        }
    }
}
