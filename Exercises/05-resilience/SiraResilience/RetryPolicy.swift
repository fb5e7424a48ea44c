// Generated from Sources/SiraResilience/RetryPolicy.swift by scripts/make-starters. Nothing to write here.
// Retrying the same deployment before falling back to another: the attempt-level policy. Only before the
// commit point (the attempt pipeline's handler returns only a committed reply, so anything thrown is
// before it), only for the provider's faults, never for the caller's, and only while the retry budget lasts.

import SiraCore

/// Retries a failed attempt on the same deployment: for provider faults only, with full-jitter backoff
/// that never undercuts the upstream's `Retry-After`, giving up early when the wait would pass the
/// request's deadline, and only while the process's `RetryBudget` allows an extra attempt.
///
/// Each try goes through the rest of the attempt pipeline, so the report records each one
/// (`x-sira-attempts` counts retries).
public struct RetryPolicy: Policy {
    /// `retry`.
    public let name = "retry"

    /// How one model retries.
    public struct Settings: Sendable, Hashable {
        /// Tries per deployment, the first included (1: no retry).
        public var attempts: Int
        /// The waits between them.
        public var backoff: Backoff

        /// Creates settings.
        /// - Parameters:
        ///   - attempts: Tries per deployment, the first included.
        ///   - backoff: The waits between them.
        public init(attempts: Int, backoff: Backoff = Backoff()) {
            self.attempts = max(1, attempts)
            self.backoff = backoff
        }
    }

    /// The kinds of failure worth another try on the same deployment: the provider's faults, except a
    /// refused gateway key (the next try would be refused too).
    public static let retryable: Set<GatewayError.Kind> = [
        .providerRateLimited, .providerOverloaded, .providerTimeout, .providerUnreachable, .providerError,
    ]

    /// Settings per public model name.
    public let models: [String: Settings]
    /// The process's budget for extra attempts.
    public let budget: RetryBudget
    private let draw: @Sendable () -> Double

    /// Creates the policy.
    /// - Parameters:
    ///   - models: Settings per public model name; models not listed are not retried.
    ///   - budget: The process's budget for extra attempts.
    ///   - draw: A uniform draw in `0 ..< 1` for the jitter (tests fix it).
    public init(
        models: [String: Settings], budget: RetryBudget,
        draw: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.models = models
        self.budget = budget
        self.draw = draw
    }

    /// Tries the attempt, and again while it fails in a way worth retrying and the budget allows.
    /// - Parameters:
    ///   - attempt: The attempt.
    ///   - context: The request's context (its clock waits, its deadline bounds the waits).
    ///   - next: The rest of the attempt pipeline.
    /// - Returns: The committed reply.
    /// - Throws: The last failure, when it is not retryable, the tries are used up, the budget is spent,
    ///   or the wait would pass the deadline.
    public func handle(_ attempt: Attempt, context: RequestContext, next: Next<Attempt, ProviderReply>) async throws
        -> ProviderReply
    {
        guard let settings = models[attempt.call.model], settings.attempts > 1 else {
            return try await next(attempt, context)
        }
        var retry = 0
        while true {
            do {
                return try await next(attempt, context)
            } catch {
                let failure = (error as? ForwardedStreamFailure)?.error ?? (error as? GatewayError)
                guard let failure, Self.retryable.contains(failure.kind), retry + 1 < settings.attempts,
                    !Task.isCancelled
                else { throw error }
                retry += 1
                guard
                    let wait = settings.backoff.wait(
                        beforeRetry: retry, retryAfter: failure.retryAfter, unit: draw(), now: context.clock.now,
                        deadline: context.deadline),
                    budget.allowExtraAttempt()
                else { throw error }
                try await context.clock.sleep(for: wait)
            }
        }
    }
}
