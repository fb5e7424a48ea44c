// The middleware pattern, once, for the three levels a request passes through (docs/architecture.md §1):
//
//   request level   GatewayRequest → GatewayResponse   auth, request-rate limits, access log, metrics
//   call level      ChatCall → ProviderReply           cache, token limits, budgets, guardrails
//   attempt level   Attempt → ProviderReply            timeouts, retries, circuit breakers, hedging
//
// One protocol and one `Pipeline` serve all three; only the input and output types differ.

/// Calls the rest of a pipeline: the next policy, or at the end the handler that answers.
public typealias Next<Input, Output> = @Sendable (Input, RequestContext) async throws -> Output

/// One step on the request path: authentication, a rate limit, a cache, a retry…
///
/// A policy sees the input and the request's context and either answers itself (a cache hit, a
/// 429) or calls `next`, possibly with a changed input or context, and may look at or change what
/// comes back. This is the middleware pattern; Sira takes the name "policy" and the idea of
/// configured, ordered lists of them ("pipelines") from Express Gateway, and the shape (one generic
/// protocol over input and output) from Hummingbird 2's `MiddlewareProtocol`. Each chapter's module
/// adds policies; "policy" in Sira always means one of these (settings are called settings).
///
/// A policy refuses by throwing a `GatewayError`; the request pipeline turns it into a response.
///
/// ```swift
/// struct StampPolicy: Policy {
///     let name = "stamp"
///     func handle(
///         _ request: GatewayRequest, context: RequestContext, next: Next<GatewayRequest, GatewayResponse>
///     ) async throws -> GatewayResponse {
///         var response = try await next(request, context)
///         response.headers.add("x-stamp", "1")
///         return response
///     }
/// }
/// ```
public protocol Policy<Input, Output>: Sendable {
    /// What the policy receives: a `GatewayRequest`, a `ChatCall` or an `Attempt`.
    associatedtype Input: Sendable
    /// What comes back: a `GatewayResponse` or a `ProviderReply`.
    associatedtype Output: Sendable

    /// The policy's name in configuration and logs (`auth`, `rate-limit`, `cache`, `retry`).
    var name: String { get }

    /// Handles one input.
    /// - Parameters:
    ///   - input: The request, call or attempt.
    ///   - context: What is known about the request.
    ///   - next: The rest of the pipeline.
    /// - Returns: The answer.
    /// - Throws: A `GatewayError` to refuse; any other error is a gateway fault.
    func handle(_ input: Input, context: RequestContext, next: Next<Input, Output>) async throws -> Output
}

/// The request level: bytes and headers in, a response out. The route table holds these.
public typealias RequestPipeline = Pipeline<GatewayRequest, GatewayResponse>

/// The call level: a model call in (decoded, or scanned on the pass-through path), the provider's reply
/// out. An endpoint runs one per request.
public typealias CallPipeline = Pipeline<ChatCall, ProviderReply>

/// The attempt level: one try against one deployment. Routing runs one per attempt.
public typealias AttemptPipeline = Pipeline<Attempt, ProviderReply>
