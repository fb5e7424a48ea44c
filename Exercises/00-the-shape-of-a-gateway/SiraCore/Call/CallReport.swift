// Generated from Sources/SiraCore/Call/CallReport.swift by scripts/make-starters. Nothing to write here.
// What every level learns about one request, in one place: the attempts routing made, the fields
// policies want on the response, the token usage the provider reported, and how the call ended.
// It lives in the request context, so a policy at any level reads and adds to the same report.

import Synchronization

/// What happened while a request was answered. Every `RequestContext` starts with a fresh one;
/// routing records attempts and the commit point, policies add response fields, the call level
/// records the usage and how the call ended; the endpoint reads it to write `x-sira-provider`,
/// `x-sira-model`, `x-sira-attempts` and `x-sira-overhead-ms`.
///
/// How a call ended is reported once, whatever the reply's kind (whole, translated stream,
/// forwarded stream): `finish(_:)` takes the first outcome and runs the handlers registered with
/// `whenFinished`, with the usage. Budgets and token limits settle there (reserve before, settle
/// after); a stream ends long after the pipelines returned.
///
/// A class behind a `Mutex` rather than a value in the context, because what it holds flows *up*:
/// the context is passed down by value, and a value changed below would be lost on the way back.
/// Updates are a few assignments, so a lock is cheaper than an actor's hops.
public final class CallReport: Sendable {
    /// How one attempt went.
    public struct AttemptRecord: Sendable, Hashable {
        /// The deployment tried.
        public var deployment: Deployment
        /// The error code when the attempt failed; `nil` for the answer.
        public var error: String?

        /// The `error` of a try the gateway gave up (a hedge that lost, a client that left).
        public static let cancelled = "cancelled"

        /// The provider's name.
        public var provider: String { deployment.provider }
        /// The upstream model.
        public var model: String { deployment.model }

        /// Creates an attempt record.
        /// - Parameters:
        ///   - deployment: The deployment.
        ///   - error: The error code, if it failed.
        public init(_ deployment: Deployment, error: String? = nil) {
            self.deployment = deployment
            self.error = error
        }

        /// Creates an attempt record.
        /// - Parameters:
        ///   - provider: The provider.
        ///   - model: The upstream model.
        ///   - error: The error code, if it failed.
        public init(provider: String, model: String, error: String? = nil) {
            self.init(Deployment(provider: provider, model: model), error: error)
        }
    }

    private struct State {
        var attempts: [AttemptRecord] = []
        var upstreamTime: Duration = .zero
        var counted = false
        var usage: Usage?
        var abandoned: Usage?
        var fromCache = false
        var responseHeaders: Headers = [:]
        var committedAt: ClockInstant?
        var outcome: CallOutcome?
        var finished: [@Sendable (CallOutcome, Usage?) -> Void] = []
    }

    private let state = Mutex(State())

    /// Creates an empty report.
    public init() {}

    /// Records an attempt.
    /// - Parameters:
    ///   - attempt: The attempt.
    ///   - upstreamTime: How long it waited for the upstream.
    public func record(_ attempt: AttemptRecord, upstreamTime: Duration) {
        state.withLock { state in
            state.attempts.append(attempt)
            state.upstreamTime += upstreamTime
        }
    }

    /// Corrects why the last cancelled attempt failed, for a policy that ended it from outside (a timeout
    /// cancels the attempt, which is then recorded as `cancelled`). The last *cancelled* record, not the
    /// last record: with hedging another attempt may have been recorded since.
    /// - Parameter kind: The failure's kind.
    public func relabelLastAttempt(as kind: GatewayError.Kind) {
        state.withLock { state in
            guard let last = state.attempts.lastIndex(where: { $0.error == AttemptRecord.cancelled }) else { return }
            state.attempts[last].error = kind.code
        }
    }

    /// Marks a deployment's last successful try as cancelled: a hedge that committed in the same moment
    /// as the winner, whose answer was dropped unread.
    /// - Parameter deployment: The loser's deployment.
    public func markCancelled(_ deployment: Deployment) {
        state.withLock { state in
            guard let index = state.attempts.lastIndex(where: { $0.deployment == deployment && $0.error == nil })
            else { return }
            state.attempts[index].error = AttemptRecord.cancelled
        }
    }

    /// Says that the attempts recorded here are all there were (routing counts them), so none
    /// recorded means none made, such as a request no target could serve. Without it, a provider
    /// that records nothing made one attempt of its own.
    public func countsAttempts() { state.withLock { $0.counted = true } }

    /// Whether the recorded attempts are all there were.
    public var isCounted: Bool { state.withLock { $0.counted } }

    /// The attempts, in order.
    public var attempts: [AttemptRecord] { state.withLock { $0.attempts } }

    /// The time spent waiting for upstreams, over all attempts.
    public var upstreamTime: Duration { state.withLock { $0.upstreamTime } }

    /// Records the token usage the provider reported (the last report wins: a stream reports its
    /// final count last). Ignored once the answer came from a cache, which bills nothing.
    /// - Parameter usage: The usage.
    public func record(usage: Usage) {
        state.withLock { state in
            if !state.fromCache { state.usage = usage }
        }
    }

    /// Says the answer is a cached one (chapter 04): the usage is zero whatever the replayed answer
    /// says, because no provider was paid for it; budgets settle nothing.
    public func answeredFromCache() {
        state.withLock { state in
            state.fromCache = true
            state.usage = Usage(promptTokens: 0, completionTokens: 0)
        }
    }

    /// Whether the answer came from a cache.
    public var isFromCache: Bool { state.withLock { $0.fromCache } }

    /// Records tokens the call may be billed for besides its answer: a hedge that lost was cancelled
    /// upstream after the provider had read its prompt (chapter 05). Budgets (chapter 08) charge it too.
    /// - Parameter usage: The tokens; added to what was recorded before.
    public func recordAbandoned(_ usage: Usage) {
        state.withLock { state in
            let before = state.abandoned ?? Usage(promptTokens: 0, completionTokens: 0)
            state.abandoned = Usage(
                promptTokens: before.promptTokens + usage.promptTokens,
                completionTokens: before.completionTokens + usage.completionTokens)
        }
    }

    /// Tokens recorded by `recordAbandoned(_:)`, or `nil` when none were.
    public var abandonedUsage: Usage? { state.withLock { $0.abandoned } }

    /// The token usage the provider reported, if it did.
    public var usage: Usage? { state.withLock { $0.usage } }

    /// Adds a field to the response, for a policy below the request level that cannot touch the
    /// response itself (a cache's `x-sira-cache: hit`). Never secrets.
    /// - Parameters:
    ///   - name: The field name.
    ///   - value: The value.
    public func addResponseHeader(_ name: String, _ value: String) {
        state.withLock { $0.responseHeaders.add(name, value) }
    }

    /// The fields policies added, in order.
    public var responseHeaders: Headers { state.withLock { $0.responseHeaders } }

    /// Records the commit point: the answer (a whole one, or a stream's first content) is going to
    /// the client, and no other attempt may answer. The first call counts.
    /// - Parameter instant: When.
    public func commit(at instant: ClockInstant) {
        state.withLock { state in
            if state.committedAt == nil { state.committedAt = instant }
        }
    }

    /// When the answer was committed, if it was.
    public var committedAt: ClockInstant? { state.withLock { $0.committedAt } }

    /// How the call ended, once it has.
    public var outcome: CallOutcome? { state.withLock { $0.outcome } }

    /// Says how the call ended. The first outcome counts; later ones are ignored. The handlers
    /// registered with `whenFinished` run now, outside the lock, with the usage.
    /// - Parameter outcome: How it ended.
    public func finish(_ outcome: CallOutcome) {
        let (handlers, usage) = state.withLock { state -> ([@Sendable (CallOutcome, Usage?) -> Void], Usage?) in
            guard state.outcome == nil else { return ([], nil) }
            state.outcome = outcome
            defer { state.finished = [] }
            return (state.finished, state.usage)
        }
        for handler in handlers { handler(outcome, usage) }
    }

    /// Runs `handler` once, when the call ends (at once if it has): how it ended and the usage the
    /// provider reported. A policy that reserved something before the call settles it here.
    /// - Parameter handler: What to run; it must not block.
    public func whenFinished(_ handler: @escaping @Sendable (CallOutcome, Usage?) -> Void) {
        let ended = state.withLock { state -> (CallOutcome, Usage?)? in
            guard let outcome = state.outcome else {
                state.finished.append(handler)
                return nil
            }
            return (outcome, state.usage)
        }
        if let (outcome, usage) = ended { handler(outcome, usage) }
    }
}

/// How a model call ended, as budgets, limits and metrics need to know it.
public enum CallOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The whole answer reached the client (a stream with its format's last event).
    case completed
    /// It failed, before or after the commit point, with this kind of error.
    case failed(GatewayError.Kind)
    /// The client went away first: nobody's fault.
    case cancelled

    /// `completed`, `failed(provider_error)` or `cancelled`: bounded, usable as a metric label.
    public var description: String {
        switch self {
        case .completed: return "completed"
        case .failed(let kind): return "failed(\(kind.code))"
        case .cancelled: return "cancelled"
        }
    }
}

extension CallOutcome {
    /// How a call, or an attempt, that threw `error` ended: the client going away (a cancellation)
    /// is nobody's fault; a failure carries its kind (`providerError` when it is not a `GatewayError`).
    /// - Parameter error: What was thrown.
    public init(_ error: any Error) {
        if error is CancellationError || Task.isCancelled {
            self = .cancelled
        } else if let failure = error as? ForwardedStreamFailure {
            self = .failed(failure.error.kind)
        } else {
            self = .failed((error as? GatewayError)?.kind ?? .providerError)
        }
    }

    /// Whether this ending counts against the deployment that served it: a failure that is the
    /// provider's fault (not the caller's, and not a client that went away).
    public var isProviderFault: Bool {
        if case .failed(let kind) = self { return kind.fault == .provider }
        return false
    }
}

extension CallReport {
    /// Runs one attempt on `deployment` and records it, answered or failed, with the time it waited.
    /// - Parameters:
    ///   - deployment: Where the attempt goes.
    ///   - clock: The clock to time it on.
    ///   - body: The attempt.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws, after recording the failure's code.
    public func attempt<Reply>(
        _ deployment: Deployment, clock: any GatewayClock, _ body: () async throws -> Reply
    ) async throws -> Reply {
        let start = clock.now
        do {
            let reply = try await body()
            record(AttemptRecord(deployment), upstreamTime: clock.now - start)
            return reply
        } catch {
            // A try given up by the gateway (a hedge that lost, a client that left) is recorded as cancelled.
            let cancelled = error is CancellationError || Task.isCancelled
            let code =
                cancelled
                ? AttemptRecord.cancelled : (error as? GatewayError)?.kind.code ?? GatewayError.Kind.providerError.code
            record(AttemptRecord(deployment, error: code), upstreamTime: clock.now - start)
            throw error
        }
    }
}
