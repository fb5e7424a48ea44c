// Generated from Sources/SiraProviders/Provider.swift by scripts/make-starters. Nothing to write here.
import SiraCore
import Synchronization

/// An LLM provider: something that answers a chat request.
///
/// Each provider kind (OpenAI, Anthropic, Gemini, …) calls its upstream in its own wire format.
/// When the client speaks the same format as the upstream, a provider forwards the client's body
/// with only the model changed and returns the upstream's answer as it came (`.passthrough`);
/// otherwise it translates through the neutral model (`.whole`, `.stream`).
public protocol Provider: Sendable {
    /// The provider's configured name, reported to clients as `x-sira-provider`.
    var name: String { get }

    /// Answers a chat request.
    /// - Parameters:
    ///   - call: The request, in the neutral model and as received.
    ///   - context: The request's context (id, deadline, clock, logger).
    /// - Returns: The answer.
    /// - Throws: A `GatewayError` whose kind says whose fault the failure was.
    func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply

    /// Whether a client speaking `format` gets the upstream's answer as it came (same format, no
    /// translation). An endpoint uses this to decide whether members it could not translate matter.
    /// - Parameter format: The client's API.
    /// - Returns: `true` when the provider forwards that format untouched.
    func passesThrough(_ format: WireFormat) -> Bool

    /// Members of a request this provider leaves behind when it translates, because losing them
    /// is harmless (a `seed`, OpenAI's `metadata`, members it does not know). The endpoint names
    /// them in the `x-sira-dropped` response header. Members whose loss would change the answer
    /// are refused with a 400 instead, by the translator.
    /// - Parameter request: The neutral request.
    /// - Returns: The members' names, in request order.
    func droppedMembers(of request: ChatRequest) -> [String]
}

extension Provider {
    /// By default a provider translates for every client.
    /// - Parameter format: The client's API.
    /// - Returns: `false`.
    public func passesThrough(_ format: WireFormat) -> Bool { false }

    /// By default a provider leaves nothing behind.
    /// - Parameter request: The neutral request.
    /// - Returns: No members.
    public func droppedMembers(of request: ChatRequest) -> [String] { [] }
}

extension ChatCall {
    /// The client's body with only the top-level model replaced, for an upstream of the client's
    /// own format (the pass-through principle: unknown members reach the upstream untouched).
    public var passThroughBody: [UInt8]? {
        originalBody.flatMap { ModelFieldRewriter.replacingModel(in: $0, with: upstreamModel) }
    }

    /// Whether a forwarded OpenAI-format stream should ask the upstream for its usage chunk because
    /// the client did not: the gateway needs the usage (budgets, token limits), and drops the chunk
    /// again so the client sees the stream it asked for.
    public var needsStreamUsage: Bool { isStreaming && !includeUsageInStream }
}
