// What every level learns about one request, in one place: the attempts routing made, the fields
// policies want on the response, and the token usage the provider reported. It lives in the
// request context, so a policy at any level reads and adds to the same report.

import Synchronization

/// What happened while a request was answered. The endpoint creates nothing: the HTTP layer puts a
/// fresh report in each request's `RequestContext`; routing records attempts, policies add response
/// fields, providers record usage; the endpoint reads it to write `x-sira-provider`, `x-sira-model`,
/// `x-sira-attempts` and `x-sira-overhead-ms`.
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
        var responseHeaders: Headers = [:]
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
    /// final count last).
    /// - Parameter usage: The usage.
    public func record(usage: Usage) { state.withLock { $0.usage = usage } }

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
}
