// Running a plan. The rules are docs/architecture.md §3, principle 2: try the next target when an attempt fails in a
// way another target may not (the group's `FallbackSettings`), and only until the answer is
// committed: for a whole answer, when it arrives; for a stream, when its first content reaches
// the client. After that, a failure ends the stream with an error event, because the client has
// already seen part of one answer and must not be sent the start of another.

import SiraCore
import SiraProviders
import SiraResilience
import Synchronization

/// A provider that answers for a model group by planning and running attempts on its targets.
///
/// It is the last handler of the call pipeline, and it runs each attempt through the attempt
/// pipeline (chapter 05's timeouts, retries and breakers sit there): the pipeline's handler calls
/// the target's provider and waits for the commit point, so what comes back is either an answer
/// the client may see or a failure routing can fall back from.
public struct RoutedProvider: Provider {
    /// The group.
    public let group: ModelGroup
    /// The planner (the group and the randomness).
    public let planner: Planner
    /// Runs each attempt through the attempt-level policies.
    public let attempts: AttemptRunner

    /// Creates a routed provider.
    /// - Parameters:
    ///   - group: The group.
    ///   - random: The randomness; seeded in tests.
    ///   - attempts: Runs each attempt; without attempt policies by default.
    public init(group: ModelGroup, random: RandomSource = RandomSource(), attempts: AttemptRunner = AttemptRunner()) {
        self.group = group
        self.planner = Planner(group: group, random: random)
        self.attempts = attempts
    }

    /// The group's name (the answering target's provider is in the call's report).
    public var name: String { group.name }

    /// A group passes a format through only when every target does (the endpoint decides before
    /// the plan whether untranslatable members matter).
    /// - Parameter format: The client's API.
    /// - Returns: Whether every target forwards that format untouched.
    public func passesThrough(_ format: WireFormat) -> Bool {
        group.targets.allSatisfy { $0.provider.passesThrough(format) }
    }

    /// What any target would leave behind, so the client learns it whichever target answers.
    /// - Parameter request: The neutral request.
    /// - Returns: The members' names, each once.
    public func droppedMembers(of request: ChatRequest) -> [String] {
        var seen = Set<String>()
        return group.targets.flatMap { $0.provider.droppedMembers(of: request) }.filter { seen.insert($0).inserted }
    }

    /// Plans the request and runs the attempts in order.
    /// - Parameters:
    ///   - call: The request; `upstreamModel` is replaced by each target's.
    ///   - context: The request's context.
    /// - Returns: The first committed answer.
    /// - Throws: The last attempt's error when no attempt succeeded, or when the deadline (the
    ///   context's, or the group's `fallback.deadline` from arrival) passed before the next one;
    ///   `providerTimeout` when it passed before the first; `invalidRequest` when no target can
    ///   serve the request (with each target's reason).
    public func chat(_ call: ChatCall, context: RequestContext) async throws -> ProviderReply {
        context.report.countsAttempts()
        let facts = RequestFacts(try call.decodedRequest(), metadata: context.metadata, caller: context.caller?.keyID)
        let plan = planner.plan(facts)
        guard !plan.attempts.isEmpty else {
            let reasons = plan.excluded.map { "\($0.target): \($0.reason)" }.joined(separator: "; ")
            throw GatewayError(
                .invalidRequest, "No target of the model '\(group.name)' can serve this request (\(reasons)).")
        }
        let hedge = planner.hedging(plan.attempts, facts: facts)
        // Targets a hedge race already tried, and how they failed: the fallback loop moves past them.
        var raced: [Int: any Error] = [:]
        var lastFailure: (any Error)?
        return try await run(plan.attempts, facts: facts, context: context) { index, target, number in
            if let failure = raced[index] { throw failure }
            // A fallback is an extra attempt: with the retry budget spent, the last failure is the answer.
            if let lastFailure, !attempts.allowsExtraAttempt() { throw lastFailure }
            do {
                guard number == 1, let hedge else {
                    return try await attempt(index, target: target, number: number, call: call, context: context)
                }
                return try await hedged(
                    Array(plan.attempts.prefix(hedge.count)), after: hedge.delay, facts: facts, call: call,
                    context: context, raced: &raced)
            } catch {
                lastFailure = error
                throw error
            }
        }
    }

    /// The first attempts, raced: the first at once, each next one when the one before has not
    /// committed after `delay` (and the retry budget allows). The first to commit wins; the others are
    /// cancelled upstream, recorded in the report as cancelled, and their prompts as abandoned usage
    /// (a provider bills the input it read). When every started attempt failed, the first one's
    /// failure is thrown and the others are left in `raced` for the fallback loop to pass over.
    func hedged(
        _ indexes: [Int], after delay: Duration, facts: RequestFacts, call: ChatCall, context: RequestContext,
        raced: inout [Int: any Error]
    ) async throws -> ProviderReply {
        do {
            let budget = attempts
            let outcome = try await HedgeRace.race(
                count: indexes.count, after: delay, clock: context.clock, mayStart: { budget.allowsExtraAttempt() },
                attempt: { number in
                    let index = indexes[number]
                    return try await attempt(
                        index, target: group.targets[index], number: number + 1, call: call, context: context)
                })
            if outcome.winner > 0 {
                context.logger.info(
                    "a hedge won", metadata: ["target": "\(group.targets[indexes[outcome.winner]].name)"])
            }
            for number in outcome.lateCommits {
                context.report.markCancelled(group.targets[indexes[number]].deployment)
            }
            for _ in outcome.cancelled {
                context.report.recordAbandoned(Usage(promptTokens: facts.estimatedPromptTokens, completionTokens: 0))
            }
            return outcome.reply
        } catch let failure as HedgeRace.Failure {
            for (number, error) in failure.errors { raced[indexes[number]] = error }
            throw failure.errors.first?.error
                ?? GatewayError(.providerError, "Every target of the model '\(group.name)' failed.")
        }
    }

    /// Tries the attempts in order until one answers: the fallback loop every operation shares.
    /// - Parameters:
    ///   - attempts: Target indexes, in order.
    ///   - facts: The request's facts: a content-filter chain is filtered by them too.
    ///   - context: The request's context (its clock, deadline and logger).
    ///   - attempt: One attempt on one target; it records its own outcome.
    /// - Returns: The first answer.
    /// - Throws: The last attempt's error when none answered, or when the deadline (the context's,
    ///   or the group's `fallback.deadline` from arrival) passed before the next attempt;
    ///   `providerTimeout` when it passed before the first; a failure the fallback settings do not fall back on.
    func run<Reply>(
        _ attempts: [Int], facts: RequestFacts, context: RequestContext,
        attempt: (Int, RouteTarget, Int) async throws -> Reply
    ) async throws -> Reply {
        // exercise 3.5 begin: try the attempts in order: stop before one once the deadline (the context's, or the group's fallback.deadline after arrival) has passed; a content filter refusal switches to the group's chain once; fall back only when group.fallback says so; the last failure is the answer
        var queue = attempts[...]
        var switchedToContentChain = false
        var lastError: GatewayError?
        var tried = 0
        var deadline = context.deadline
        if let limit = group.fallback.deadline {
            let groupDeadline = context.receivedAt + limit
            deadline = deadline.map { min($0, groupDeadline) } ?? groupDeadline
        }
        while let index = queue.popFirst() {
            if Task.isCancelled { throw GatewayError(.providerTimeout, "The request was cancelled.") }
            // No new attempt once the deadline has passed (the request's, or the group's
            // `fallback.deadline` after arrival); chapter 05 also bounds each attempt by the time left.
            if let deadline, context.clock.now >= deadline {
                context.logger.notice("fallback deadline passed", metadata: ["attempts": "\(tried)"])
                // The last failure is the truer answer (its status, its Retry-After).
                throw lastError
                    ?? GatewayError(.providerTimeout, "The request's deadline passed before '\(group.name)' was tried.")
            }
            tried += 1
            let target = group.targets[index]
            do {
                return try await attempt(index, target, tried)
            } catch {
                let failure =
                    (error as? GatewayError)
                    ?? GatewayError(.providerError, "The provider '\(target.provider.name)' failed.")
                lastError = failure
                context.logger.notice(
                    "attempt failed",
                    metadata: ["target": "\(target.name)", "error": "\(failure.kind.code)"])
                if failure.kind == .contentFiltered, let chain = group.contentFilterChain, !switchedToContentChain {
                    switchedToContentChain = true
                    // Only targets that can serve this request, like the plan.
                    queue = chain.filter { $0 != index && group.targets[$0].unsuitability(for: facts) == nil }[...]
                    continue
                }
                guard group.fallback.fallsBack(failure) else { throw failure }
            }
        }
        throw lastError ?? GatewayError(.providerError, "Every target of the model '\(group.name)' failed.")
        // stub: throw GatewayError(.providerError, "The fallback loop (exercise 3.5) is not written yet.")
        // exercise 3.5 end
    }

    /// One attempt on one target, through the attempt pipeline, and what it says about the
    /// target's health.
    func attempt(_ index: Int, target: RouteTarget, number: Int, call: ChatCall, context: RequestContext)
        async throws -> ProviderReply
    {
        let state = group.state
        let clock = state.clock
        let start = clock.now
        let probe = state.started(index)
        // Counts the attempt in flight until its last reference goes: here for a whole answer, when
        // the stream ends or is dropped for a stream.
        let token = InFlightToken(state: state, target: index, probe: probe)
        let reply: ProviderReply
        do {
            reply = try await attempts.run(
                call, on: target.provider, model: target.upstreamModel, number: number, context: context,
                token: token)
        } catch {
            // A client that went away, or the caller's own mistake, is not the target's fault.
            if CallOutcome(error).isProviderFault { state.failed(index, error: error, after: clock.now - start) }
            throw error
        }
        let latency = clock.now - start
        switch reply {
        case .stream, .forwarded:
            state.answered(index, latency: latency)  // its health is judged when it ends
            token.commit()
        case .whole, .passthrough:
            state.succeeded(index, latency: latency)
        }
        return reply
    }
}

extension ChatChunk {
    /// Whether the chunk carries part of the answer (text, a refusal, a tool call, or a member the
    /// neutral model does not know with a value, such as DeepSeek's `reasoning_content`, which clients
    /// show), as opposed to only a role, a finish reason or usage. The first such chunk is a stream's
    /// commit point: reasoning commits the stream, because the client has seen the model start; a member
    /// that is present but empty (`"reasoning_content": null` beside the role) does not.
    public var hasContent: Bool {
        choices.contains { choice in
            !(choice.delta.content ?? "").isEmpty || !(choice.delta.refusal ?? "").isEmpty
                || !(choice.delta.toolCalls ?? []).isEmpty || choice.delta.extra.values.contains(where: \.isSubstantive)
        }
    }
}

/// A stream's attempt, until the stream ends: it keeps the attempt counted in flight (until the
/// last reference goes: the stream finished or was dropped), and, once the stream is committed,
/// tells routing how it ended. A stream that breaks after its commit point cannot fall back any
/// more, but it still counts against its target's health; a client that goes away does not.
/// Before the commit point, `RoutedProvider.attempt` judges failures itself, so ends reported then
/// are ignored.
final class InFlightToken: Sendable {
    let state: RoutingState
    let target: Int
    /// Whether the attempt is its breaker's probe: only the probe may hand probing to the next request.
    let probe: Bool
    private let committed = Atomic(false)
    private let reported = Atomic(false)

    init(state: RoutingState, target: Int, probe: Bool = false) {
        self.state = state
        self.target = target
        self.probe = probe
    }

    /// The stream passed its commit point.
    func commit() { committed.store(true, ordering: .releasing) }

    /// How the stream ended (the first report counts): completed, or failed by the provider's fault,
    /// changes the target's health; a client that went away or the caller's own error does not.
    /// - Parameter outcome: How it ended.
    func end(_ outcome: CallOutcome) {
        guard committed.load(ordering: .acquiring), !reported.exchange(true, ordering: .relaxed) else { return }
        if outcome == .completed {
            state.completed(target)
        } else if outcome.isProviderFault {
            state.failed(target)
        }
    }

    deinit { state.ended(target, probe: probe) }
}

/// Reads the rest of a committed stream, telling its attempt's token how it ended.
extension InFlightToken? {
    func watch<Element>(_ next: () async throws -> Element?) async throws -> Element? {
        do {
            let element = try await next()
            if element == nil { self?.end(.completed) }
            return element
        } catch {
            self?.end(CallOutcome(error))
            throw error
        }
    }
}

/// A committed stream: the chunks read while waiting for the first content, then the rest.
struct CommittedChunks: AsyncSequence, Sendable {
    typealias Element = ChatChunk
    let first: [ChatChunk]
    let rest: ChunkStream.AsyncIterator
    let token: InFlightToken?

    struct AsyncIterator: AsyncIteratorProtocol {
        var first: [ChatChunk]
        var rest: ChunkStream.AsyncIterator
        let token: InFlightToken?

        mutating func next() async throws -> ChatChunk? {
            if !first.isEmpty { return first.removeFirst() }
            return try await token.watch { try await rest.next() }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(first: first, rest: rest, token: token) }
}

/// A committed forwarded stream: the pieces read until the commit point, then the rest.
struct CommittedPieces: AsyncSequence, Sendable {
    typealias Element = ForwardedPiece
    let first: [ForwardedPiece]
    let rest: ForwardedStream.AsyncIterator
    let token: InFlightToken?

    struct AsyncIterator: AsyncIteratorProtocol {
        var first: [ForwardedPiece]
        var rest: ForwardedStream.AsyncIterator
        let token: InFlightToken?

        mutating func next() async throws -> ForwardedPiece? {
            if !first.isEmpty { return first.removeFirst() }
            return try await token.watch { try await rest.next() }
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(first: first, rest: rest, token: token) }
}

/// Model groups for embeddings: the same plan and fallback, over the targets that can embed. A
/// group of two Azure deployments of `text-embedding-3-small` spreads and fails over like a chat group.
extension RoutedProvider: EmbeddingProvider {
    /// Plans (targets without embeddings are left out) and tries the attempts in order.
    /// - Parameters:
    ///   - call: The request; `upstreamModel` is replaced by each target's.
    ///   - context: The request's context.
    /// - Returns: The first answer.
    /// - Throws: The last attempt's error, or `unsupportedParameter` when no target embeds.
    public func embed(_ call: EmbeddingCall, context: RequestContext) async throws -> EmbeddingReply {
        context.report.countsAttempts()
        // Embedding inputs are not chat prompts: no tools, images or window to check; only targets
        // that embed are suitable (so the planner's cool-down rules apply among those).
        var facts = RequestFacts(metadata: context.metadata, caller: context.caller?.keyID)
        facts.needsEmbeddings = true
        let attempts = planner.plan(facts).attempts
        guard !attempts.isEmpty else {
            throw GatewayError(
                .unsupportedParameter, "No target of the model '\(group.name)' offers embeddings.", param: "model")
        }
        return try await run(attempts, facts: facts, context: context) { index, target, _ in
            guard let provider = target.provider as? any EmbeddingProvider else {
                throw GatewayError(.internalError, "The target '\(target.name)' does not embed.")
            }
            var targetCall = call
            targetCall.upstreamModel = target.upstreamModel
            let clock = group.state.clock
            let start = clock.now
            let probe = group.state.started(index)
            defer { group.state.ended(index, probe: probe) }
            do {
                let reply = try await context.report.attempt(target.deployment, clock: clock) {
                    try await provider.embed(targetCall, context: context)
                }
                group.state.succeeded(index, latency: clock.now - start)
                return reply
            } catch {
                if CallOutcome(error).isProviderFault {
                    group.state.failed(index, error: error, after: clock.now - start)
                }
                throw error
            }
        }
    }
}
