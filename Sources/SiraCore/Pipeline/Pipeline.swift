// Runs an ordered list of policies, then a handler. Every route of the gateway is a request
// pipeline; every model call a call pipeline; every attempt an attempt pipeline (`Policy.swift`).

/// An ordered list of policies in front of a handler.
///
/// `handle` calls the first policy with a `next` that calls the second, and so on; the last `next`
/// calls the handler. Nothing is allocated per policy: each `next` is a non-escaping closure on the
/// stack (the benchmark in `docs/benchmarks.md` measures what an empty policy costs).
public struct Pipeline<Input: Sendable, Output: Sendable>: Sendable {
    /// The policies, outermost first.
    public let policies: [any Policy<Input, Output>]
    /// What answers once every policy has passed the input on.
    public let handler: Next<Input, Output>

    /// Creates a pipeline.
    /// - Parameters:
    ///   - policies: The policies, outermost first.
    ///   - handler: What answers at the end.
    public init(_ policies: [any Policy<Input, Output>], handler: @escaping Next<Input, Output>) {
        self.policies = policies
        self.handler = handler
    }

    /// Runs the input through every policy and the handler.
    /// - Parameters:
    ///   - input: The request, call or attempt.
    ///   - context: Its context.
    /// - Returns: The answer.
    /// - Throws: What a policy or the handler throws.
    public func handle(_ input: Input, context: RequestContext) async throws -> Output {
        try await run(from: 0, input, context)
    }

    /// Runs policy `index` with a `next` that runs the rest.
    private func run(from index: Int, _ input: Input, _ context: RequestContext) async throws -> Output {
        // exercise 0.4 begin: past the last policy call the handler; else call policy `index` with a `next` that runs from `index + 1`
        guard index < policies.count else { return try await handler(input, context) }
        return try await policies[index].handle(input, context: context) { input, context in
            try await run(from: index + 1, input, context)
        }
        // stub: return try await handler(input, context)
        // exercise 0.4 end
    }
}

extension Pipeline where Input == GatewayRequest, Output == GatewayResponse {
    /// Runs the request and answers every failure with an error response: what the HTTP layer calls.
    ///
    /// A `GatewayError` becomes its own response; anything else is logged and answered as a
    /// generic internal error, so internals (and secrets in them) never reach the client. A failure
    /// also finishes the request's report (`CallReport.finish`), so what waits for the end of the
    /// request learns how it ended even when no model was called.
    ///
    /// - Parameters:
    ///   - request: The request.
    ///   - context: Its context.
    ///   - format: The caller's API, for error bodies.
    /// - Returns: The response.
    /// - Throws: `CancellationError` only: the client went away, and nobody is left to answer.
    public func respond(to request: GatewayRequest, context: RequestContext, format: APIFormat) async throws
        -> GatewayResponse
    {
        do {
            return try await handle(request, context: context)
        } catch let error as GatewayError {
            context.report.finish(.failed(error.kind))
            return error.response(format)
        } catch let error as CancellationError {
            context.report.finish(.cancelled)
            throw error
        } catch {
            context.report.finish(.failed(.internalError))
            context.logger.error("unexpected error in pipeline", metadata: ["error.type": "\(type(of: error))"])
            return GatewayError(.internalError, "The gateway failed to handle the request.").response(format)
        }
    }
}

/// A policy made from a closure, for tests and small one-off steps.
public struct ClosurePolicy<Input: Sendable, Output: Sendable>: Policy {
    /// The policy's name.
    public let name: String
    private let body: @Sendable (Input, RequestContext, Next<Input, Output>) async throws -> Output

    /// Creates a policy from a closure.
    /// - Parameters:
    ///   - name: The policy's name.
    ///   - body: What the policy does.
    public init(
        _ name: String,
        _ body: @escaping @Sendable (Input, RequestContext, Next<Input, Output>) async throws -> Output
    ) {
        self.name = name
        self.body = body
    }

    /// Runs the closure.
    /// - Parameters:
    ///   - input: The input.
    ///   - context: Its context.
    ///   - next: The rest of the pipeline.
    /// - Returns: The answer.
    /// - Throws: What the closure throws.
    public func handle(_ input: Input, context: RequestContext, next: Next<Input, Output>) async throws -> Output {
        try await body(input, context, next)
    }
}
