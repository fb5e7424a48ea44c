// POST /v1/embeddings: OpenAI's embeddings API, in front of any provider that can embed.

import SiraCore
import SiraProviders

/// The OpenAI-compatible embeddings endpoint.
public struct OpenAIEmbeddingsEndpoint: Sendable {
    /// The call level.
    public var calls: ModelCalls

    /// Creates the endpoint.
    /// - Parameter calls: The call level.
    public init(calls: ModelCalls) { self.calls = calls }

    /// Handles one request.
    /// - Parameters:
    ///   - request: The HTTP request.
    ///   - context: Its context.
    /// - Returns: The response.
    /// - Throws: A `GatewayError` for a bad request, an unknown model, a provider without embeddings,
    ///   or a provider failure.
    public func handle(_ request: GatewayRequest, context: RequestContext) async throws -> GatewayResponse {
        let embedding = try EmbeddingRequest.decode(request.body)
        let entry = try calls.entry(for: embedding.model)
        var context = context
        context.metadata = try ResponseFields.metadata(request)
        let call = EmbeddingCall(request: embedding, upstreamModel: entry.upstreamModel, originalBody: request.body)
        var (reply, headers) = try await calls.embed(call, to: entry, context: context)
        headers.add("content-type", "application/json")
        switch reply {
        case .passthrough(let body):
            return GatewayResponse(status: 200, headers: headers, body: .bytes(body))
        case .vectors(let vectors, let model, let promptTokens):
            let body = EmbeddingReply.body(vectors, model: model, promptTokens: promptTokens, base64: embedding.base64)
            return GatewayResponse(status: 200, headers: headers, body: .bytes(body.jsonBytes()))
        }
    }
}
