// Starter for chapter 03, generated from Sources/SiraRouting/AttemptRunner.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 03` runs their tests.
// One attempt, the same way for a model group's targets and for a model with a single deployment:
// through the attempt pipeline (chapter 05's timeouts, retries and breakers sit there), to the
// provider, and for a stream on to its commit point.

import SiraCore
import SiraProviders
import SiraResilience

/// Runs attempts through the attempt-level policies.
///
/// The pipeline's handler calls the provider and waits for the commit point (docs/architecture.md §3, principle 2): a
/// whole answer is committed when it arrives, a stream when its first content does. So an attempt
/// policy sees either an answer the client may be shown, or a failure that may still be retried or
/// fall back. Each attempt is recorded in the request's report, with the time it waited.
public struct AttemptRunner: Sendable {
    /// The attempt-level policies, outermost first.
    public let policies: [any Policy<Attempt, ProviderReply>]
    /// The process's budget for extra attempts (chapter 05): each request's first attempt adds to it;
    /// retries, fallbacks and hedges spend from it. `nil`: extra attempts are not bounded.
    public let budget: RetryBudget?

    /// Creates a runner.
    /// - Parameters:
    ///   - policies: The attempt-level policies, outermost first; none by default.
    ///   - budget: The budget for extra attempts; none by default.
    public init(policies: [any Policy<Attempt, ProviderReply>] = [], budget: RetryBudget? = nil) {
        self.policies = policies
        self.budget = budget
    }

    /// Asks the budget for one extra attempt (a fallback or a hedge).
    /// - Returns: Whether it may be made; always with no budget.
    public func allowsExtraAttempt() -> Bool { budget?.allowExtraAttempt() ?? true }

    /// Runs one attempt and records it in `context.report`.
    /// - Parameters:
    ///   - call: The call; its `upstreamModel` is replaced by `model`.
    ///   - provider: The deployment's provider.
    ///   - model: The deployment's upstream model.
    ///   - number: The attempt's number within the request, from 1.
    ///   - context: The request's context.
    ///   - token: Told how a committed stream ends (routing's health).
    ///   - waitsForCommit: Whether a stream is held back until its first content (so that a failure
    ///     before it can still be retried or fall back).
    /// - Returns: The committed reply.
    /// - Throws: The provider's failure, or a stream's failure before its commit point.
    func run(
        _ call: ChatCall, on provider: any Provider, model: String, number: Int, context: RequestContext,
        token: InFlightToken? = nil, waitsForCommit: Bool = true
    ) async throws -> ProviderReply {
        if number == 1 { budget?.recordRequest() }
        var call = call
        call.upstreamModel = model
        let deployment = Deployment(provider: provider.name, model: model)
        // Each call of the handler is one try, recorded in the report: a retry policy that calls `next`
        // again adds a record (`x-sira-attempts` counts retries), and its waits count as the gateway's time.
        let pipeline = AttemptPipeline(policies) { attempt, context in
            try await context.report.attempt(attempt.deployment, clock: context.clock) {
                let reply = try await provider.chat(attempt.call, context: context)
                guard waitsForCommit else { return reply }
                return try await Self.commit(reply, token: token)
            }
        }
        let reply = try await pipeline.handle(
            Attempt(call: call, deployment: deployment, number: number), context: context)
        context.report.commit(at: context.clock.now)
        return reply
    }

    /// Runs the only attempt of a model with one deployment (a configured model without targets,
    /// or a pass-through name such as `openai/gpt-4o`): the same pipeline as a group's attempts.
    ///
    /// Without attempt policies nothing could retry it, so a stream is not held back until its
    /// first content: the client gets the response head and the upstream's first events at once
    /// (a reasoning model may think for minutes before its first token, longer than some proxies
    /// between the client and the gateway keep a silent connection open).
    /// - Parameters:
    ///   - call: The call.
    ///   - provider: The provider.
    ///   - model: The upstream model.
    ///   - context: The request's context.
    /// - Returns: The committed reply.
    /// - Throws: The provider's failure.
    public func single(_ call: ChatCall, on provider: any Provider, model: String, context: RequestContext)
        async throws -> ProviderReply
    {
        try await run(call, on: provider, model: model, number: 1, context: context, waitsForCommit: !policies.isEmpty)
    }

    /// Waits for a reply's commit point (exercise 3.6): a whole answer is committed as it is; a
    /// stream when its first content arrives (what came before is held back, at most 256 chunks or
    /// 1 MiB, and sent first). Until then a failure, even one an upstream reports in an event after
    /// its first bytes, is thrown, so routing may still fall back.
    /// - Parameter reply: The provider's reply.
    /// - Returns: The committed reply: the held-back part first, then the rest, unchanged.
    /// - Throws: The stream's failure before its commit point (for a forwarded stream, the
    ///   `GatewayError` inside a `ForwardedStreamFailure`: the client has not seen its error event yet).
    public static func commit(_ reply: ProviderReply) async throws -> ProviderReply {
        try await commit(reply, token: nil)
    }

    /// Waits for a reply's commit point; `token` is told how a committed stream ends (routing's health).
    static func commit(_ reply: ProviderReply, token: InFlightToken?) async throws -> ProviderReply {
        // exercise 3.6 begin: whole answers are committed as they are; read a stream until a chunk hasContent (at most 256 chunks) and return the held chunks first, then the rest (CommittedChunks); a forwarded stream the same with ForwardedPiece.hasContent and at most 1 MiB (CommittedPieces), unwrapping a ForwardedStreamFailure thrown before the commit
        return reply
        // exercise 3.6 end
    }
}
