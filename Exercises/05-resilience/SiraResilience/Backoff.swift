// Starter for chapter 05, generated from Sources/SiraResilience/Backoff.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 05` runs their tests.
// How long to wait before trying again. Exponential backoff spreads retries out over time; full jitter
// (AWS's "Exponential Backoff and Jitter") spreads the retries of many clients apart too, so a provider that
// failed them all at once is not hit by all of them again at once. An upstream that says how long to wait
// (`Retry-After`) is believed: never retry sooner than it asked.

import SiraCore

/// The wait before a retry: full-jitter exponential backoff, no shorter than the upstream's
/// `Retry-After`, capped, and refused when it would end after the request's deadline.
public struct Backoff: Sendable, Hashable {
    /// The wait before the first retry, before jitter.
    public var base: Duration
    /// The longest wait from backoff alone (a longer `Retry-After` is still honoured, up to `maximumRetryAfter`).
    public var maximum: Duration
    /// The longest `Retry-After` the gateway is willing to wait for; beyond it the failure is returned.
    public var maximumRetryAfter: Duration

    /// Creates a backoff.
    /// - Parameters:
    ///   - base: The wait before the first retry, before jitter (200 ms by default).
    ///   - maximum: The cap on backoff (5 s by default).
    ///   - maximumRetryAfter: The longest `Retry-After` to wait for (30 s by default).
    public init(
        base: Duration = .milliseconds(200), maximum: Duration = .seconds(5), maximumRetryAfter: Duration = .seconds(30)
    ) {
        self.base = base
        self.maximum = maximum
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// The backoff ceiling for a retry: `base × 2^(retry − 1)`, capped at `maximum`.
    /// - Parameter retry: Which retry, from 1.
    /// - Returns: The ceiling the jittered wait is drawn below.
    public func ceiling(forRetry retry: Int) -> Duration {
        let doublings = min(max(0, retry - 1), 30)  // 2^30 × any base passes any cap
        let uncapped = base * (1 << doublings)
        return min(uncapped, maximum)
    }

    /// The wait before retry number `retry`, or `nil` when the request should fail now instead.
    ///
    /// Full jitter: a wait drawn uniformly from zero up to the ceiling (`unit` is the draw, in `0 ..< 1`, so
    /// tests choose it). Then at least the upstream's `Retry-After`. `nil` when that `Retry-After` is
    /// longer than `maximumRetryAfter`, or when the wait would end after `deadline`: waiting is pointless
    /// if the answer cannot arrive in time, and the client should learn it now.
    /// - Parameters:
    ///   - retry: Which retry, from 1.
    ///   - retryAfter: How long the upstream asked to wait, if it did.
    ///   - unit: A uniform draw in `0 ..< 1`.
    ///   - now: The time now.
    ///   - deadline: When the request must be answered by, if it has a deadline.
    /// - Returns: The wait, or `nil` to give up.
    public func wait(
        beforeRetry retry: Int, retryAfter: Duration? = nil, unit: Double, now: ClockInstant, deadline: ClockInstant?
    ) -> Duration? {
        // exercise 5.1 begin: draw the wait as unit's share of ceiling(forRetry:); a Retry-After longer than maximumRetryAfter gives up (nil), a shorter one is the least wait; a wait that would reach the deadline gives up
        return nil
        // exercise 5.1 end
    }
}
