// Starter for chapter 05, generated from Sources/SiraResilience/RetryBudget.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 05` runs their tests.
// Retries multiply load exactly when a provider can least take it: with three attempts per request, an
// outage triples the traffic to the provider that is down. A retry budget (Envoy's `retry_budget`, gRPC's
// retry throttling) bounds the extra attempts of the whole process to a share of its traffic, so an outage
// costs at most that share, never `requests × attempts`.

import SiraCore
import Synchronization

/// How many extra attempts (retries, fallbacks, hedges) the process may make: at most `ratio` of its
/// requests, plus a small floor per second so a quiet gateway can still retry.
///
/// It is a token bucket. Each request adds `ratio` of a token (a fifth, by default); time adds
/// `minimumPerSecond` tokens a second; an extra attempt spends a whole token, or is refused. The bucket
/// holds at most `capacity` tokens, so a long quiet spell does not save up a storm.
public final class RetryBudget: Sendable {
    /// The share of requests that may be retried (0.2: one retry for every five requests).
    public let ratio: Double
    /// Tokens added per second whatever the traffic.
    public let minimumPerSecond: Double
    /// The most tokens the bucket holds.
    public let capacity: Double
    private let clock: any GatewayClock
    private let state: Mutex<(tokens: Double, refilledAt: ClockInstant)>

    /// Creates a full budget.
    /// - Parameters:
    ///   - ratio: The share of requests that may be retried.
    ///   - minimumPerSecond: Tokens added per second whatever the traffic.
    ///   - capacity: The most tokens held; by default ten seconds of the floor, and at least 10.
    ///   - clock: The clock the floor is added by.
    public init(
        ratio: Double = 0.2, minimumPerSecond: Double = 3, capacity: Double? = nil,
        clock: any GatewayClock = SystemClock()
    ) {
        self.ratio = max(0, ratio)
        self.minimumPerSecond = max(0, minimumPerSecond)
        self.capacity = max(1, capacity ?? max(10, minimumPerSecond * 10))
        self.clock = clock
        self.state = Mutex((self.capacity, clock.now))
    }

    /// Counts a request: it adds `ratio` of a token.
    public func recordRequest() {
        let now = clock.now
        state.withLock { state in
            refill(&state, now: now)
            state.tokens = min(capacity, state.tokens + ratio)
        }
    }

    /// Asks for one extra attempt.
    /// - Returns: Whether it may be made (a token was spent); `false` means fail now instead.
    public func allowExtraAttempt() -> Bool {
        // exercise 5.2 begin: refill the bucket for the time since the last refill, then spend one whole token, or refuse when there is less than one
        return false
        // exercise 5.2 end
    }

    /// The tokens now (tests, metrics).
    public var tokens: Double {
        let now = clock.now
        return state.withLock { state in
            refill(&state, now: now)
            return state.tokens
        }
    }

    private func refill(_ state: inout (tokens: Double, refilledAt: ClockInstant), now: ClockInstant) {
        guard now > state.refilledAt else { return }
        let seconds = (now - state.refilledAt).seconds
        state.tokens = min(capacity, state.tokens + seconds * minimumPerSecond)
        state.refilledAt = now
    }
}
