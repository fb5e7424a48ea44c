import SiraCore

/// An LLM provider: something that answers a chat request in the neutral model.
///
/// Each provider kind (OpenAI, Anthropic, Gemini, …) translates the neutral request to its wire
/// format, calls its upstream, and translates the answer back, whole or as a stream of chunks. The
/// surfaces in front (OpenAI's, Anthropic's) never see a provider's wire format.
public protocol Provider: Sendable {
    /// The provider's configured name, reported to clients as `x-sira-provider`.
    var name: String { get }

    /// Answers a chat request.
    /// - Parameters:
    ///   - request: The request in the neutral model; `request.model` is the public name.
    ///   - upstreamModel: The model name to ask the upstream for.
    ///   - context: The request's context (id, deadline, clock, logger).
    /// - Returns: The whole answer, or a stream of chunks when `request.isStreaming`.
    /// - Throws: A `GatewayError` whose kind says whose fault the failure was.
    func chat(_ request: ChatRequest, upstreamModel: String, context: RequestContext) async throws -> ProviderReply
}

/// A provider's answer: whole, or chunks as they are produced.
public enum ProviderReply: Sendable {
    /// The whole answer.
    case whole(ChatResponse)
    /// The answer as it is produced. A stream that fails after its first chunk ends the client's
    /// stream with an error event (DESIGN.md §3.2).
    case stream(AsyncThrowingStream<ChatChunk, any Error>)
}
