import Logging
import SiraCore
import SiraProviders
import SiraTesting
import Testing

@Suite("Mock provider")
struct MockProviderTests {
    let context = RequestContext(requestID: "req_x_00000000002a", clock: ManualClock(), logger: Logger(label: "test"))

    func ask(_ request: ChatRequest) async throws -> ChatResponse {
        guard
            case .whole(let response) = try await MockProvider().chat(
                ChatCall(request: request, upstreamModel: "mock"), context: context)
        else { throw GatewayError(.internalError, "expected a whole answer") }
        return response
    }

    @Test("answers deterministically from the last user message, with usage")
    func answers() async throws {
        let request = ChatRequest(model: "mock", messages: [.text(.system, "Be brief."), .text(.user, "Hello there")])
        let response = try await ask(request)
        #expect(response.choices.first?.message.content == .text("Mock answer to: Hello there"))
        #expect(response.choices.first?.finishReason == .stop)
        #expect(response.usage?.completionTokens == 5)
        #expect(response.usage?.promptTokens == 6)  // "Be brief.\nHello there": 21 characters, a quarter rounded up
        #expect(response.id == "chatcmpl-mock-00000000002a")
        #expect(try await ask(request).choices == response.choices, "the same request gets the same answer")
    }

    @Test("max_tokens cuts the answer with finish reason length")
    func maxTokens() async throws {
        var request = ChatRequest(model: "mock", messages: [.text(.user, "one two three four")])
        request.maxTokens = 2
        let response = try await ask(request)
        #expect(response.choices.first?.message.content == .text("Mock answer"))
        #expect(response.choices.first?.finishReason == .length)
    }

    @Test("a required tool choice makes it call the first function")
    func toolCall() async throws {
        var request = ChatRequest(model: "mock", messages: [.text(.user, "weather?")])
        request.tools = [.function(FunctionTool(name: "get_weather")), .function(FunctionTool(name: "get_time"))]
        request.toolChoice = .required
        let response = try await ask(request)
        #expect(response.choices.first?.message.toolCalls?.first?.name == "get_weather")
        #expect(response.choices.first?.finishReason == .toolCalls)
        request.toolChoice = .function(name: "get_time")
        #expect(try await ask(request).choices.first?.message.toolCalls?.first?.name == "get_time")
        request.toolChoice = .auto
        #expect(try await ask(request).choices.first?.message.toolCalls == nil)
    }

    @Test("the stream merges into the same answer as the whole response")
    func streamMatchesWhole() async throws {
        var request = ChatRequest(model: "mock", messages: [.text(.user, "stream this please")])
        let whole = try await ask(request)
        request.stream = true
        guard
            case .stream(let chunks) = try await MockProvider().chat(
                ChatCall(request: request, upstreamModel: "mock"), context: context)
        else {
            Issue.record("expected a stream")
            return
        }
        var accumulator = StreamAccumulator()
        for try await chunk in chunks { accumulator.apply(chunk) }
        #expect(accumulator.response.choices == whole.choices)
        #expect(accumulator.response.usage == whole.usage)
    }
}
