// Generated from Sources/SiraCore/Pipeline/Policy.swift by scripts/make-starters. Nothing to write here.
/// Calls the rest of the pipeline: the next policy, or at the end the handler that answers.
public typealias NextHandler = @Sendable (GatewayRequest, RequestContext) async throws -> GatewayResponse

/// One step of request handling: authentication, a rate limit, a cache, routing…
///
/// A policy sees the request and its context and either answers itself (a cache hit, a 429) or
/// calls `next`, possibly with a changed request or context, and may look at or change what comes
/// back. This is the middleware pattern; Sira takes the name "policy" and the idea of configured,
/// ordered lists of them ("pipelines") from Express Gateway. Each chapter's module adds one.
///
/// A policy refuses a request by throwing a `GatewayError`; the pipeline turns it into a response.
public protocol Policy: Sendable {
    /// The policy's name in configuration and logs (`auth`, `rate-limit`, `cache`, `route`).
    var name: String { get }

    /// Handles a request.
    /// - Parameters:
    ///   - request: The request.
    ///   - context: What is known about it.
    ///   - next: The rest of the pipeline.
    /// - Returns: The response.
    /// - Throws: A `GatewayError` to refuse; any other error is a gateway fault.
    func handle(_ request: GatewayRequest, context: RequestContext, next: NextHandler) async throws
        -> GatewayResponse
}
