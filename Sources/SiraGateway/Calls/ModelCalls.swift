// The call level of the request path (docs/architecture.md §1), shared by every endpoint that calls a model:
// find the model, run the call pipeline, and let routing answer at its end.

import SiraCore
import SiraProviders
import SiraRouting

/// Runs model calls: the catalog lookup, the call pipeline (chapter 04's cache, chapter 06's token
/// limits, chapter 08's budgets), and at its end routing, which runs every attempt through the
/// attempt pipeline, whether the model is a group of targets or a single deployment.
public struct ModelCalls: Sendable {
    /// The models on offer.
    public let catalog: ModelCatalog
    /// The call-level policies, outermost first.
    public let policies: [any Policy<ChatCall, ProviderReply>]
    /// Runs a single deployment's attempt through the attempt pipeline (groups hold their own,
    /// with the same policies).
    public let attempts: AttemptRunner

    /// Creates the call level.
    /// - Parameters:
    ///   - catalog: The models on offer.
    ///   - policies: The call-level policies, outermost first.
    ///   - attempts: The attempt runner for single deployments.
    public init(
        catalog: ModelCatalog, policies: [any Policy<ChatCall, ProviderReply>] = [],
        attempts: AttemptRunner = AttemptRunner()
    ) {
        self.catalog = catalog
        self.policies = policies
        self.attempts = attempts
    }

    /// The entry for a model a client asked for, or the 404 every endpoint answers.
    /// - Parameter model: The public name.
    /// - Returns: The entry.
    /// - Throws: `unknownModel` naming `model`.
    public func entry(for model: String) throws -> ModelCatalog.Entry {
        guard let entry = catalog[model] else {
            throw GatewayError(
                .unknownModel,
                "The model '\(model.prefix(100))' does not exist. GET /v1/models lists the models on offer.",
                param: "model"
            )
        }
        return entry
    }

    /// Whether a call to `entry` from a client speaking `format` may skip decoding (the pass-through
    /// path): the entry is a single deployment that forwards that format as it is. A group decodes,
    /// because routing reads the request (its size, tools, images); so does every provider that
    /// translates. Call policies see calls in either form (`ChatCall.Content`).
    /// - Parameters:
    ///   - entry: The catalog entry.
    ///   - format: The client's API.
    /// - Returns: Whether scanning the body is enough.
    public func forwardsAsReceived(_ entry: ModelCatalog.Entry, format: WireFormat) -> Bool {
        !(entry.provider is RoutedProvider) && entry.provider.passesThrough(format)
    }

    /// Runs a call through the call pipeline to the entry's routing, and returns the reply with the
    /// `x-sira-*` fields that say how it was served (on a failure, the error carries them). The
    /// reply is watched until the call ends, so the report gets its usage and outcome once, for
    /// whole answers and streams alike (`CallEnd`).
    /// - Parameters:
    ///   - call: The call; its `upstreamModel` is the entry's.
    ///   - entry: The catalog entry.
    ///   - context: The request's context, with the client's routing metadata.
    /// - Returns: The reply and the response fields.
    /// - Throws: What a policy, routing or the provider throws, with the fields added.
    public func send(_ call: ChatCall, to entry: ModelCatalog.Entry, context: RequestContext) async throws
        -> (ProviderReply, Headers)
    {
        let attempts = attempts
        let pipeline = CallPipeline(policies) { call, context in
            if let routed = entry.provider as? RoutedProvider { return try await routed.chat(call, context: context) }
            return try await attempts.single(call, on: entry.provider, model: entry.upstreamModel, context: context)
        }
        let report = context.report
        report.countsAttempts()  // a call answered by a call policy made none
        return try await ResponseFields.reporting(entry: entry, context: context) {
            let reply: ProviderReply
            do {
                reply = try await pipeline.handle(call, context: context)
            } catch {
                report.finish(CallOutcome(error))
                throw error
            }
            report.commit(at: context.clock.now)  // when a call policy answered, no attempt did
            return CallEnd.watch(reply, format: call.wireFormat, report: report)
        }
    }
}

extension ModelCalls {
    /// Asks the entry's provider for embeddings, recording the attempt (a group records its own),
    /// and returns the reply with the `x-sira-*` fields.
    /// - Parameters:
    ///   - call: The call.
    ///   - entry: The catalog entry.
    ///   - context: The request's context.
    /// - Returns: The reply and the response fields.
    /// - Throws: `unsupportedParameter` for a provider without embeddings, or the provider's failure.
    public func embed(_ call: EmbeddingCall, to entry: ModelCatalog.Entry, context: RequestContext) async throws
        -> (EmbeddingReply, Headers)
    {
        guard let provider = entry.provider as? any EmbeddingProvider else {
            throw GatewayError(
                .unsupportedParameter, "The provider '\(entry.provider.name)' does not offer embeddings.",
                param: "model")
        }
        let report = context.report
        return try await ResponseFields.reporting(entry: entry, context: context) {
            let reply: EmbeddingReply
            do {
                reply = try await Self.attemptEmbedding(call, on: provider, context: context)
            } catch {
                report.finish(CallOutcome(error))
                throw error
            }
            switch reply {
            case .vectors(_, _, let promptTokens):
                report.record(usage: Usage(promptTokens: promptTokens, completionTokens: 0))
            case .passthrough(let body):
                if let usage = ForwardedEventReader.usage(inWhole: body, format: .openAI) {
                    report.record(usage: usage)
                }
            }
            report.finish(.completed)
            return reply
        }
    }

    /// One embeddings call: a group's own attempts, or the single deployment's, recorded.
    static func attemptEmbedding(_ call: EmbeddingCall, on provider: any EmbeddingProvider, context: RequestContext)
        async throws -> EmbeddingReply
    {
        if provider is RoutedProvider { return try await provider.embed(call, context: context) }
        let deployment = Deployment(provider: provider.name, model: call.upstreamModel)
        return try await context.report.attempt(deployment, clock: context.clock) {
            try await provider.embed(call, context: context)
        }
    }
}
