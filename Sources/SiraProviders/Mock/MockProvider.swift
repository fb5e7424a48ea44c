// The built-in mock provider: deterministic answers, streamed word by word, with usage. It is the
// embedded default (`sira serve` with no configuration) and the upstream of many tests.

import SiraCore

/// A provider that needs no network: it answers every request from the request itself.
///
/// - The answer is `Mock answer to: <the last user message>` (first 200 characters), so a client
///   can see its request went through.
/// - With `max_tokens` (or `max_completion_tokens`) the answer stops after that many words, with
///   finish reason `length`.
/// - With tools and `tool_choice` `required` or a named function, it calls that function (or the
///   first one) with arguments `{}`, finish reason `tool_calls`.
/// - Usage: one token per word of the answer, and a quarter of the prompt's characters (at least
///   one) for the prompt.
/// - Streams send the role, then one chunk per word, then the finish reason.
public struct MockProvider: Provider {
    /// The provider's name.
    public let name: String

    /// Creates a mock provider.
    /// - Parameter name: The provider's name; `mock` by default.
    public init(name: String = "mock") { self.name = name }

    /// Answers from the request.
    /// - Parameters:
    ///   - call: The request; its upstream model is reported as the answering model.
    ///   - context: The request's context; its id makes the completion id.
    /// - Returns: The answer, whole or streamed.
    /// - Throws: Only the 400 for a body that does not decode; the mock does not fail (fake providers in
    ///   SiraTesting do).
    public func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        let request = try call.decodedRequest()
        let upstreamModel = call.upstreamModel
        let plan = MockAnswer(request: request)
        let id = "chatcmpl-mock-" + (context.requestID.split(separator: "_").last.map(String.init) ?? context.requestID)
        let created = Int64(wallClockSeconds())
        if request.isStreaming {
            let chunks = plan.chunks(id: id, created: created, model: upstreamModel)
            return .stream(.chunks(chunks))
        }
        return .whole(plan.response(id: id, created: created, model: upstreamModel))
    }
}

/// What the mock answers to one request, computed once for both the whole and the streamed form.
struct MockAnswer {
    var words: [String] = []
    var toolCall: ToolCall?
    var finishReason: FinishReason
    var usage: Usage

    init(request: ChatRequest) {
        let prompt = request.messages.compactMap { $0.content?.joinedText }.joined(separator: "\n")
        let promptTokens = max(1, (prompt.count + 3) / 4)
        if let tool = MockAnswer.forcedTool(request) {
            toolCall = ToolCall(id: "call_mock_0", name: tool, arguments: "{}")
            finishReason = .toolCalls
            usage = Usage(promptTokens: promptTokens, completionTokens: 1)
            return
        }
        let lastUser = request.messages.last { $0.role == .user }?.content?.joinedText ?? ""
        var all = ("Mock answer to: " + String(lastUser.prefix(200))).split(separator: " ").map(String.init)
        finishReason = .stop
        if let limit = request.outputTokenLimit, limit >= 0, all.count > limit {
            all = Array(all.prefix(limit))
            finishReason = .length
        }
        words = all.enumerated().map { index, word in index == 0 ? word : " " + word }
        usage = Usage(promptTokens: promptTokens, completionTokens: words.count)
    }

    /// The function the request forces the model to call, if it does.
    static func forcedTool(_ request: ChatRequest) -> String? {
        guard let tools = request.tools else { return nil }
        let functions = tools.compactMap { tool -> String? in
            if case .function(let function) = tool { return function.name }
            return nil
        }
        switch request.toolChoice {
        case .required?: return functions.first
        case .function(let name)?: return functions.contains(name) ? name : nil
        default: return nil
        }
    }

    func response(id: String, created: Int64, model: String) -> ChatResponse {
        let message = ChatMessage(
            role: .assistant,
            content: toolCall == nil ? .text(words.joined()) : nil,
            toolCalls: toolCall.map { [$0] }
        )
        return ChatResponse(
            id: id,
            created: created,
            model: model,
            choices: [ChatChoice(index: 0, message: message, finishReason: finishReason)],
            usage: usage
        )
    }

    func chunks(id: String, created: Int64, model: String) -> [ChatChunk] {
        func chunk(_ delta: MessageDelta, finish: FinishReason? = nil) -> ChatChunk {
            ChatChunk(
                id: id, created: created, model: model, choices: [ChunkChoice(delta: delta, finishReason: finish)])
        }
        var chunks = [chunk(MessageDelta(role: .assistant, content: ""))]
        if let toolCall {
            let delta = ToolCallDelta(index: 0, id: toolCall.id, type: "function", name: toolCall.name, arguments: "{}")
            chunks.append(chunk(MessageDelta(toolCalls: [delta])))
        }
        chunks += words.map { chunk(MessageDelta(content: $0)) }
        chunks.append(chunk(MessageDelta(), finish: finishReason))
        var usageChunk = ChatChunk(id: id, created: created, model: model, choices: [])
        usageChunk.usage = usage
        chunks.append(usageChunk)
        return chunks
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unix seconds, for `created`.
func wallClockSeconds() -> Int { time(nil) }

extension MockProvider: EmbeddingProvider {
    /// Deterministic embeddings: each text's vector comes from a hash of the text, so the same text
    /// always gets the same unit-length vector (8 dimensions, or `dimensions`, at most 4096).
    /// - Parameters:
    ///   - call: The request.
    ///   - context: The request's context.
    /// - Returns: The vectors.
    /// - Throws: `GatewayError` for token input or too many dimensions.
    public func embed(_ call: EmbeddingCall, context: RequestContext) async throws -> EmbeddingReply {
        guard !call.request.isTokenInput else {
            throw GatewayError(.unsupportedParameter, "The mock embeds text only.", param: "input")
        }
        let dimensions = call.request.dimensions ?? 8
        guard dimensions <= 4096 else {
            throw GatewayError(.invalidRequest, "The mock returns at most 4096 dimensions.", param: "dimensions")
        }
        let vectors = call.request.inputs.map { MockProvider.vector(for: $0, dimensions: dimensions) }
        let tokens = call.request.inputs.reduce(0) { $0 + max(1, ($1.count + 3) / 4) }
        return .vectors(vectors, model: call.upstreamModel, promptTokens: tokens)
    }

    /// A unit vector from a text: FNV-1a of the text seeds a linear congruential generator.
    static func vector(for text: String, dimensions: Int) -> [Float] {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var values: [Float] = []
        values.reserveCapacity(dimensions)
        for _ in 0..<dimensions {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            values.append(Float(Int64(bitPattern: state >> 11) % 2000 - 1000) / 1000)
        }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? values.map { $0 / norm } : values
    }
}
