// Exercise 5.1: full-jitter backoff that believes Retry-After and respects the deadline.

import SiraCore
import SiraResilience
import Testing

@Suite("5.1 Backoff: full jitter, Retry-After, the deadline")
struct BackoffExercises {
    let backoff = Backoff(base: .milliseconds(200), maximum: .seconds(5), maximumRetryAfter: .seconds(30))
    let now = ClockInstant(nanoseconds: 0)

    @Test("5.1 full jitter: the wait is the draw's share of the ceiling, from zero up to it")
    func jitter() {
        #expect(backoff.wait(beforeRetry: 3, unit: 0, now: now, deadline: nil) == .zero)
        #expect(backoff.wait(beforeRetry: 3, unit: 0.5, now: now, deadline: nil) == .milliseconds(400))
        #expect(
            (backoff.wait(beforeRetry: 3, unit: 0.999, now: now, deadline: nil) ?? .seconds(99)) < .milliseconds(800))
    }

    @Test("5.1 never sooner than Retry-After; a Retry-After beyond the limit, or a wait past the deadline, gives up")
    func retryAfterAndDeadline() {
        #expect(
            backoff.wait(beforeRetry: 1, retryAfter: .seconds(2), unit: 0.5, now: now, deadline: nil) == .seconds(2))
        #expect(
            backoff.wait(beforeRetry: 5, retryAfter: .milliseconds(10), unit: 0.5, now: now, deadline: nil)
                == .milliseconds(1600), "backoff longer than Retry-After wins")
        #expect(backoff.wait(beforeRetry: 1, retryAfter: .seconds(31), unit: 0, now: now, deadline: nil) == nil)
        let soon = now + .seconds(1)
        #expect(backoff.wait(beforeRetry: 1, retryAfter: .seconds(2), unit: 0, now: now, deadline: soon) == nil)
        #expect(backoff.wait(beforeRetry: 1, unit: 0.5, now: now, deadline: soon) == .milliseconds(100))
    }
}
