// Split timeouts (issue 13): one number cannot serve a call that may think for a minute and then stream for
// ten. Time to first token bounds the wait before the answer starts (before the commit point, so running
// out is a provider fault that may be retried or fall back); idle bounds the silence between a stream's
// events (after the commit point: the client gets the error event); total is one deadline for the whole
// request, shared by every retry and fallback.

import SiraCore

/// Bounds an attempt's time to its first token, and a committed stream's silence between events.
public struct TimeoutPolicy: Policy {
    /// `timeout`.
    public let name = "timeout"

    /// One model's limits.
    public struct Settings: Sendable, Hashable {
        /// The longest a new upstream connection may take to open (TCP and TLS), for the lean client.
        public var connect: Duration?
        /// The longest wait for an attempt's first content (the commit point).
        public var firstToken: Duration?
        /// The longest silence between a committed stream's events.
        public var idle: Duration?

        /// Creates limits.
        /// - Parameters:
        ///   - connect: The longest a new connection may take to open.
        ///   - firstToken: The longest wait for the first content.
        ///   - idle: The longest silence between events.
        public init(connect: Duration? = nil, firstToken: Duration? = nil, idle: Duration? = nil) {
            self.connect = connect
            self.firstToken = firstToken
            self.idle = idle
        }
    }

    /// Limits per public model name.
    public let models: [String: Settings]

    /// Creates the policy.
    /// - Parameter models: Limits per public model name; models not listed have none.
    public init(models: [String: Settings]) { self.models = models }

    /// Runs the attempt within its limits.
    /// - Parameters:
    ///   - attempt: The attempt.
    ///   - context: The request's context (its clock measures the limits).
    ///   - next: The rest of the attempt pipeline, which returns at the commit point.
    /// - Returns: The committed reply; a stream that then falls silent too long throws `providerTimeout`.
    /// - Throws: `providerTimeout` when the first content does not come in time; what `next` throws.
    public func handle(_ attempt: Attempt, context: RequestContext, next: Next<Attempt, ProviderReply>) async throws
        -> ProviderReply
    {
        guard let settings = models[attempt.call.model] else { return try await next(attempt, context) }
        if let connect = settings.connect, UpstreamLimits.connectTimeout != connect {
            // Bound for the rest of the attempt: the HTTP client reads it when it opens a connection.
            return try await UpstreamLimits.$connectTimeout.withValue(connect) {
                try await handle(attempt, context: context, next: next)
            }
        }
        var reply: ProviderReply
        if let limit = settings.firstToken {
            let provider = attempt.deployment.provider
            // The task group inside `within` ends before it returns, so `next` does not outlive this call.
            do {
                reply = try await withoutActuallyEscaping(next) { next in
                    try await Self.within(limit, clock: context.clock, { try await next(attempt, context) }) {
                        GatewayError(
                            .providerTimeout, "The provider '\(provider)' sent no first token within \(limit).")
                    }
                }
            } catch let limit as LimitReached {
                context.report.relabelLastAttempt(as: .providerTimeout)  // it was recorded as cancelled
                throw limit.error
            }
        } else {
            reply = try await next(attempt, context)
        }
        if let idle = settings.idle {
            let provider = attempt.deployment.provider
            let clock = context.clock
            let silence: @Sendable () -> GatewayError = {
                GatewayError(.providerTimeout, "The provider '\(provider)' fell silent for \(idle).")
            }
            switch reply {
            case .stream(let chunks):
                reply = .stream(ChunkStream(IdleLimited(base: chunks, idle: idle, clock: clock, failure: silence)))
            case .forwarded(let headers, let events):
                reply = .forwarded(
                    headers: headers,
                    events: ForwardedStream(IdleLimited(base: events, idle: idle, clock: clock, failure: silence)))
            case .whole, .passthrough:
                break
            }
        }
        return reply
    }

    /// The result of `body`, or `LimitReached` with `failure()` thrown when `limit` passes first (then
    /// `body` is cancelled). The wrapper tells the caller that its own limit fired, not a limit further in.
    static func within<Value: Sendable>(
        _ limit: Duration, clock: any GatewayClock, _ body: @escaping @Sendable () async throws -> Value,
        orElse failure: @escaping @Sendable () -> GatewayError
    ) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await clock.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw LimitReached(error: failure()) }
            return value
        }
    }
}

/// A limit of `TimeoutPolicy.within` ran out: the caller's own, with the error to answer.
struct LimitReached: Error {
    let error: GatewayError
}

/// A stream whose next element must come within `idle`, or it fails.
struct IdleLimited<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable
where Base.Element: Sendable, Base.AsyncIterator: Sendable {
    typealias Element = Base.Element

    let base: Base
    let idle: Duration
    let clock: any GatewayClock
    let failure: @Sendable () -> GatewayError

    struct AsyncIterator: AsyncIteratorProtocol {
        let base: Base.AsyncIterator
        let idle: Duration
        let clock: any GatewayClock
        let failure: @Sendable () -> GatewayError

        mutating func next() async throws -> Base.Element? {
            let iterator = base  // a stream's iterator keeps its state in a shared box: copies advance it
            do {
                return try await TimeoutPolicy.within(
                    idle, clock: clock,
                    {
                        var copy = iterator
                        return try await copy.next()
                    }, orElse: failure)
            } catch let limit as LimitReached {
                throw limit.error
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), idle: idle, clock: clock, failure: failure)
    }
}

/// One deadline for the whole request, shared by every retry and fallback: the call-level half of the
/// timeouts. It sets the context's deadline (keeping an earlier one), which routing's fallback loop and
/// the retry policy's backoff both respect, and cancels the attempt still running when it passes, until
/// the answer's commit point (after it, a stream is guarded by the idle limit).
public struct DeadlinePolicy: Policy {
    /// `deadline`.
    public let name = "deadline"

    /// The total time per public model name, from the request's arrival.
    public let totals: [String: Duration]

    /// Creates the policy.
    /// - Parameter totals: The total time per public model name.
    public init(totals: [String: Duration]) { self.totals = totals }

    /// Sets the deadline and calls on.
    /// - Parameters:
    ///   - call: The call.
    ///   - context: Its context; the copy passed on has the deadline.
    ///   - next: The rest of the call pipeline.
    /// - Returns: What `next` returns.
    /// - Throws: What `next` throws.
    public func handle(_ call: ChatCall, context: RequestContext, next: Next<ChatCall, ProviderReply>) async throws
        -> ProviderReply
    {
        guard let total = totals[call.model] else { return try await next(call, context) }
        var context = context
        let deadline = context.receivedAt + total
        context.deadline = context.deadline.map { min($0, deadline) } ?? deadline
        // The deadline also cuts the attempt running when it passes: whatever is still waiting for its
        // commit point is cancelled. A stream that has started is left to the idle limit: cutting an
        // answer the client is reading would waste all of it.
        let left = (context.deadline ?? deadline) - context.clock.now
        guard left > .zero else {
            throw GatewayError(.providerTimeout, "The request's total time of \(total) ran out before an attempt.")
        }
        let bounded = context
        do {
            return try await withoutActuallyEscaping(next) { next in
                try await TimeoutPolicy.within(left, clock: bounded.clock, { try await next(call, bounded) }) {
                    GatewayError(
                        .providerTimeout, "The request's total time of \(total) ran out before an answer started.")
                }
            }
        } catch let limit as LimitReached {
            bounded.report.relabelLastAttempt(as: .providerTimeout)  // the cut attempt was recorded as cancelled
            throw limit.error
        }
    }
}
