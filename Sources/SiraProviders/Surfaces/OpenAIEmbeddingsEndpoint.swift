// POST /v1/embeddings: OpenAI's embeddings API, in front of any provider that can embed.

import SiraCore

/// The OpenAI-compatible embeddings endpoint.
public struct OpenAIEmbeddingsEndpoint: Sendable {
    /// The models on offer.
    public var catalog: ModelCatalog

    /// Creates the endpoint.
    /// - Parameter catalog: The models on offer.
    public init(catalog: ModelCatalog) { self.catalog = catalog }

    /// Handles one request.
    /// - Parameters:
    ///   - request: The HTTP request.
    ///   - context: Its context.
    /// - Returns: The response.
    /// - Throws: A `GatewayError` for a bad request, an unknown model, a provider without embeddings,
    ///   or a provider failure.
    public func handle(_ request: GatewayRequest, context: RequestContext) async throws -> GatewayResponse {
        let embedding = try EmbeddingRequest.decode(request.body)
        let entry = try catalog.entry(for: embedding.model)
        guard let provider = entry.provider as? any EmbeddingProvider else {
            throw GatewayError(
                .unsupportedParameter, "The provider '\(entry.provider.name)' does not offer embeddings.",
                param: "model")
        }
        var call = EmbeddingCall(request: embedding, upstreamModel: entry.upstreamModel, originalBody: request.body)
        call.metadata = try SiraResponseHeaders.metadata(request)
        let report = CallReport()
        call.report = report
        var (reply, headers) = try await SiraResponseHeaders.reporting(entry: entry, report: report, context: context) {
            try await provider.embed(call, context: context)
        }
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
