import SiraCore
import SiraTesting
import Testing

@testable import SiraProviders

@Suite("Reading a forwarded stream once: content, its end, and usage")
struct ForwardedEventReaderTests {
    static func event(_ data: String, _ name: String = "message") -> ReceivedEvent {
        ReceivedEvent(name: name, data: data)
    }

    @Test("OpenAI: a role chunk has no content; text, a tool call or a finish does; [DONE] completes; an error fails")
    func openAIContentAndEnd() {
        var reader = ForwardedEventReader(format: .openAI)
        let role = reader.read(Self.event(#"{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#))
        #expect(!role.hasContent && role.end == nil)
        #expect(reader.read(Self.event(#"{"choices":[{"index":0,"delta":{"content":"Hi"}}]}"#)).hasContent)
        var tools = ForwardedEventReader(format: .openAI)
        let call = #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f"}}]}}]}"#
        #expect(tools.read(Self.event(call)).hasContent)
        var finish = ForwardedEventReader(format: .openAI)
        #expect(finish.read(Self.event(#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#)).hasContent)
        #expect(reader.read(Self.event("[DONE]")).end == .complete)
        var failing = ForwardedEventReader(format: .openAI)
        #expect(failing.read(Self.event(#"{"error":{"message":"x"}}"#)).end == .failed)
        var nullError = ForwardedEventReader(format: .openAI)
        let chunk = nullError.read(Self.event(#"{"choices":[{"index":0,"delta":{"content":"Hi"}}],"error":null}"#))
        #expect(chunk.end == nil && chunk.hasContent, "a null error member is no error")
    }

    @Test("an upstream's error event is read as the failure its type names: overloaded, rate limited, or a plain error")
    func errorKinds() {
        var anthropic = ForwardedEventReader(format: .anthropic, provider: "claude")
        let overloaded = anthropic.read(
            Self.event(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, "error"))
        #expect(overloaded.error?.kind == .providerOverloaded)
        var openAI = ForwardedEventReader(format: .openAI)
        let limited = openAI.read(Self.event(#"{"error":{"message":"slow","type":"rate_limit_exceeded"}}"#))
        #expect(limited.error?.kind == .providerRateLimited)
        var other = ForwardedEventReader(format: .openAI)
        #expect(other.read(Self.event(#"{"error":{"message":"boom"}}"#)).error?.kind == .providerError)
    }

    @Test("OpenAI: the usage chunk's usage is read, and it is marked usage-only; a chunk with choices is not")
    func openAIUsage() {
        var reader = ForwardedEventReader(format: .openAI)
        _ = reader.read(Self.event(#"{"choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}"#))
        let facts = reader.read(
            Self.event(#"{"id":"x","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}"#))
        #expect(facts.usage == Usage(promptTokens: 9, completionTokens: 3))
        #expect(facts.isUsageOnly)
        let inline = reader.read(
            Self.event(#"{"choices":[{"index":0,"delta":{}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}"#))
        #expect(inline.usage?.totalTokens == 2 && !inline.isUsageOnly, "usage beside choices is the client's to see")
    }

    @Test(
        "Anthropic: content events commit, message_stop completes, error fails; usage from message_start and message_delta"
    )
    func anthropic() {
        var reader = ForwardedEventReader(format: .anthropic)
        let start = reader.read(
            Self.event(
                #"{"type":"message_start","message":{"id":"m","usage":{"input_tokens":10,"cache_read_input_tokens":5,"output_tokens":1}}}"#,
                "message_start"))
        #expect(!start.hasContent)
        #expect(start.usage?.promptTokens == 15 && start.usage?.cachedTokens == 5)
        #expect(!reader.read(Self.event(#"{"type":"ping"}"#, "ping")).hasContent)
        #expect(reader.read(Self.event(#"{"type":"content_block_delta"}"#, "content_block_delta")).hasContent)
        let delta = reader.read(
            Self.event(#"{"type":"message_delta","usage":{"output_tokens":42}}"#, "message_delta"))
        #expect(delta.usage == Usage(promptTokens: 15, completionTokens: 42, cachedTokens: 5))
        #expect(reader.read(Self.event(#"{"type":"message_stop"}"#, "message_stop")).end == .complete)
        var failing = ForwardedEventReader(format: .anthropic)
        #expect(failing.read(Self.event(#"{"type":"error"}"#, "error")).end == .failed)
    }

    @Test("a whole answer's usage comes from its top-level usage member only")
    func wholeBodies() {
        let openAI =
            #"{"id":"x","choices":[{"message":{"content":"\"usage\":{\"prompt_tokens\":99}"}}],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}"#
        #expect(
            ForwardedEventReader.usage(inWhole: Array(openAI.utf8), format: .openAI)
                == Usage(promptTokens: 4, completionTokens: 2))
        let anthropic = #"{"id":"m","content":[],"usage":{"input_tokens":7,"output_tokens":3}}"#
        #expect(ForwardedEventReader.usage(inWhole: Array(anthropic.utf8), format: .anthropic)?.totalTokens == 10)
        #expect(ForwardedEventReader.usage(inWhole: Array(#"{"id":"x"}"#.utf8), format: .openAI) == nil)
    }

    @Test("asking for stream usage adds stream_options, or merges it into the client's, and replaces only the model")
    func askingForUsage() throws {
        let plain = #"{"model":"public","stream":true,"messages":[]}"#
        let added = try #require(
            ModelFieldRewriter.rewriting(Array(plain.utf8), model: "up", askingForStreamUsage: true))
        #expect(
            String(decoding: added, as: UTF8.self)
                == #"{"model":"up","stream":true,"messages":[],"stream_options":{"include_usage":true}}"#)
        let options = #"{"model":"public","stream_options":{"include_usage":false,"x":1},"stream":true}"#
        let merged = try #require(
            ModelFieldRewriter.rewriting(Array(options.utf8), model: "up", askingForStreamUsage: true))
        let value = try JSONTesting.parse(String(decoding: merged, as: UTF8.self))
        #expect(value.objectValue?["stream_options"]?.objectValue?["include_usage"] == true)
        #expect(value.objectValue?["stream_options"]?.objectValue?["x"] == 1)
        #expect(value.objectValue?["model"] == "up")
        let untouched = try #require(
            ModelFieldRewriter.rewriting(Array(plain.utf8), model: "up", askingForStreamUsage: false))
        #expect(String(decoding: untouched, as: UTF8.self) == #"{"model":"up","stream":true,"messages":[]}"#)
    }
}
