import SiraCore
import SiraResilience
import Testing

@Suite("Backoff: full jitter, Retry-After, a cap, the deadline")
struct BackoffTests {
    let backoff = Backoff(base: .milliseconds(200), maximum: .seconds(5), maximumRetryAfter: .seconds(30))
    let now = ClockInstant(nanoseconds: 0)

    @Test("the ceiling doubles from the base with each retry, up to the cap")
    func ceilings() {
        #expect(
            (1...7).map { backoff.ceiling(forRetry: $0) } == [
                .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600), .milliseconds(3200),
                .seconds(5), .seconds(5),
            ])
        #expect(backoff.ceiling(forRetry: 1_000_000) == .seconds(5), "a huge retry count does not overflow")
        #expect(backoff.ceiling(forRetry: 0) == .milliseconds(200))
    }
}

@Suite("The breaker's memory of ejections")
struct CircuitBreakerTests {
    @Test("ejections in a row stop counting at the maximum, so a long outage is forgotten as fast as a short one")
    func ejectionsAreCapped() {
        let settings = CircuitBreaker.Settings(
            consecutiveFailures: 1, baseEjection: .seconds(30), maximumEjection: .seconds(300))
        var breaker = CircuitBreaker()
        var now = ClockInstant(nanoseconds: 0)
        for _ in 0..<100 {
            breaker.record(.failed, at: now, settings: settings)
            now = breaker.ejectedUntil ?? now
            breaker.admit(at: now)
        }
        #expect(breaker.ejections == 10, "300 s / 30 s")
        #expect(breaker.ejectedUntil == nil && breaker.position == .halfOpen(probing: true))
    }
}
