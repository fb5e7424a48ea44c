import Foundation
import SiraCore
import SiraTesting
import Testing

@Suite("ChatRequest")
struct ChatRequestTests {
    @Test("typed members decode from a full request")
    func typedMembers() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.fullRequest)
        #expect(request.model == "gpt-4o")
        #expect(request.messages.count == 6)
        #expect(request.temperature == 0.2)
        #expect(request.stop == .many(["END", "###"]))
        #expect(request.maxCompletionTokens == 256)
        #expect(request.outputTokenLimit == 256)
        #expect(request.seed == 9_007_199_254_740_993)
        #expect(request.isStreaming && request.includeUsageInStream)
        #expect(request.toolChoice == .function(name: "get_weather"))
        #expect(request.parallelToolCalls == false)
        #expect(request.metadata == ["team": "search"])
    }

    @Test("the minimal request round-trips to the same JSON")
    func minimalRoundTrip() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.minimalRequest)
        let encoded = try JSONTesting.encodeToJSON(request)
        #expect(encoded.isSameJSON(as: try JSONTesting.parse(OpenAIFixtures.minimalRequest)))
    }

    @Test("content parts of every type decode to their typed cases")
    func contentParts() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.fullRequest)
        guard case .parts(let parts)? = request.messages[2].content else {
            Issue.record("expected parts")
            return
        }
        #expect(parts.count == 5)
        #expect(parts[0].text == "What is in this image?")
        #expect(parts[1] == .image(ImagePart(url: "data:image/png;base64,iVBOR", detail: "low")))
        #expect(parts[2] == .audio(AudioPart(data: "UklGR", format: "wav")))
        #expect(parts[3] == .file(FilePart(filename: "a.pdf", fileData: "data:application/pdf;base64,JVBER")))
        #expect(parts[4] == .other(["type": "future_part", "payload": [1, 2, 3]]))
    }

    @Test("assistant tool calls and tool results decode")
    func toolMessages() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.fullRequest)
        let assistant = request.messages[3]
        #expect(assistant.content == nil)
        #expect(
            assistant.toolCalls == [ToolCall(id: "call_abc123", name: "get_weather", arguments: #"{"city":"Paris"}"#)])
        #expect(request.messages[4].role == .tool && request.messages[4].toolCallID == "call_abc123")
    }

    @Test("function tools are typed, other tool types are kept whole")
    func tools() throws {
        let request = try JSONTesting.decode(ChatRequest.self, OpenAIFixtures.fullRequest)
        guard case .function(let tool)? = request.tools?.first else {
            Issue.record("expected a function tool first")
            return
        }
        #expect(tool.name == "get_weather" && tool.strict == true)
        #expect(tool.parameters?.objectValue?["required"] == ["city"])
        #expect(
            request.tools?.last == .other(["type": "custom", "custom": ["name": "sql", "description": "Run SQL"]]))
    }

    @Test("tool_choice forms: strings, a named function, anything else kept")
    func toolChoice() throws {
        #expect(try JSONTesting.decode(ToolChoice.self, #""auto""#) == .auto)
        #expect(try JSONTesting.decode(ToolChoice.self, #""none""#) == ToolChoice.none)
        #expect(try JSONTesting.decode(ToolChoice.self, #""required""#) == .required)
        let allowed = #"{"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[]}}"#
        let decoded = try JSONTesting.decode(ToolChoice.self, allowed)
        #expect(try JSONTesting.encodeToJSON(decoded) == JSONTesting.parse(allowed))
    }

    @Test("response_format: text, json_object, json_schema")
    func responseFormat() throws {
        #expect(try JSONTesting.decode(ResponseFormat.self, #"{"type":"text"}"#) == .text)
        #expect(try JSONTesting.decode(ResponseFormat.self, #"{"type":"json_object"}"#) == .jsonObject)
        let schema = try JSONTesting.decode(
            ResponseFormat.self,
            #"{"type":"json_schema","json_schema":{"name":"w","strict":true,"schema":{"type":"object"}}}"#
        )
        #expect(schema == .jsonSchema(JSONSchemaFormat(name: "w", schema: ["type": "object"], strict: true)))
    }

    @Test("stop as a single string is written back as a string")
    func stopForm() throws {
        let request = try JSONTesting.decode(
            ChatRequest.self,
            #"{"model":"m","messages":[],"stop":"END"}"#
        )
        #expect(request.stop == .one("END"))
        #expect(try JSONTesting.encodeToJSON(request).objectValue?["stop"] == "END")
    }

    @Test("a missing model is a decoding error naming the member")
    func missingModel() {
        #expect {
            try JSONTesting.decode(ChatRequest.self, #"{"messages":[]}"#)
        } throws: { error in
            "\(error)".contains("model")
        }
    }

    @Test("a tool call without a function object is rejected")
    func badToolCall() {
        #expect(throws: DecodingError.self) {
            try JSONTesting.decode(ToolCall.self, #"{"id":"c","type":"function"}"#)
        }
    }

    @Test("an image part without a url is rejected")
    func badImage() {
        #expect(throws: DecodingError.self) {
            try JSONTesting.decode(ContentPart.self, #"{"type":"image_url","image_url":{"detail":"low"}}"#)
        }
    }

    @Test("extra never overrides a typed member on encode")
    func extraDoesNotOverride() throws {
        var request = ChatRequest(model: "real", messages: [.text(.user, "hi")])
        request.extra["model"] = "spoofed"
        request.extra["custom"] = 1
        let encoded = try JSONTesting.encodeToJSON(request)
        #expect(encoded.objectValue?["model"] == "real")
        #expect(encoded.objectValue?["custom"] == 1)
    }
}
