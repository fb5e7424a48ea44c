// Starter for chapter 00, generated from Sources/SiraCore/Pipeline/Pipeline.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 00` runs their tests.
// Runs an ordered list of policies, then a handler. The whole request path of the gateway is one
// `Pipeline` per endpoint.

/// An ordered list of policies in front of a handler.
///
/// `handle` calls the first policy with a `next` that calls the second, and so on; the last `next`
/// calls the handler. `respond` does the same and turns any thrown error into an error response in
/// the caller's format, so nothing escapes to the HTTP layer unanswered.
public struct Pipeline: Sendable {
    /// The policies, outermost first.
    public let policies: [any Policy]
    /// What answers once every policy has passed the request on.
    public let handler: NextHandler

    /// Creates a pipeline.
    /// - Parameters:
    ///   - policies: The policies, outermost first.
    ///   - handler: What answers at the end.
    public init(_ policies: [any Policy], handler: @escaping NextHandler) {
        self.policies = policies
        self.handler = handler
    }

    /// Runs the request through every policy and the handler.
    /// - Parameters:
    ///   - request: The request.
    ///   - context: Its context.
    /// - Returns: The response.
    /// - Throws: What a policy or the handler throws.
    public func handle(_ request: GatewayRequest, context: RequestContext) async throws -> GatewayResponse {
        try await run(from: 0, request, context)
    }

    /// Runs policy `index` with a `next` that runs the rest.
    private func run(from index: Int, _ request: GatewayRequest, _ context: RequestContext) async throws
        -> GatewayResponse
    {
        // exercise 0.4 begin: past the last policy call the handler; else call policy `index` with a `next` that runs from `index + 1`
        return GatewayResponse(status: 500)
        // exercise 0.4 end
    }

    /// Runs the request and answers every failure with an error response.
    ///
    /// A `GatewayError` becomes its own response; anything else is logged and answered as a
    /// generic internal error, so internals (and secrets in them) never reach the client.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - context: Its context.
    ///   - format: The caller's API, for error bodies.
    /// - Returns: The response.
    public func respond(to request: GatewayRequest, context: RequestContext, format: ErrorFormat) async
        -> GatewayResponse
    {
        do {
            return try await handle(request, context: context)
        } catch let error as GatewayError {
            return error.response(format)
        } catch {
            context.logger.error("unexpected error in pipeline", metadata: ["error.type": "\(type(of: error))"])
            return GatewayError(.internalError, "The gateway failed to handle the request.").response(format)
        }
    }
}

/// A policy made from a closure, for tests and small one-off steps.
public struct ClosurePolicy: Policy {
    /// The policy's name.
    public let name: String
    private let body: @Sendable (GatewayRequest, RequestContext, NextHandler) async throws -> GatewayResponse

    /// Creates a policy from a closure.
    /// - Parameters:
    ///   - name: The policy's name.
    ///   - body: What the policy does.
    public init(
        _ name: String,
        _ body: @escaping @Sendable (GatewayRequest, RequestContext, NextHandler) async throws -> GatewayResponse
    ) {
        self.name = name
        self.body = body
    }

    /// Runs the closure.
    /// - Parameters:
    ///   - request: The request.
    ///   - context: Its context.
    ///   - next: The rest of the pipeline.
    /// - Returns: The response.
    /// - Throws: What the closure throws.
    public func handle(_ request: GatewayRequest, context: RequestContext, next: NextHandler) async throws
        -> GatewayResponse
    {
        try await body(request, context, next)
    }
}
