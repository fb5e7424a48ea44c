// Exercise 5.3: the circuit breaker's state machine: closed, ejected for a growing time, half-open with
// one probe, and a 429 that pauses without counting as a fault.

import SiraCore
import SiraResilience
import Testing

@Suite("5.3 The circuit breaker: ejection, probe, growth, and 429s apart")
struct CircuitBreakerExercises {
    let settings = CircuitBreaker.Settings(
        consecutiveFailures: 3, baseEjection: .seconds(30), maximumEjection: .seconds(75))
    let start = ClockInstant(nanoseconds: 0)

    /// Records `count` failures at `instant`.
    func fail(_ breaker: inout CircuitBreaker, _ count: Int, at instant: ClockInstant) {
        for _ in 0..<count { breaker.record(.failed, at: instant, settings: settings) }
    }

    @Test("5.3 consecutive faults eject for the base time; a success in between starts the count again")
    func consecutiveFaultsEject() {
        var breaker = CircuitBreaker()
        fail(&breaker, 2, at: start)
        breaker.record(.succeeded, at: start, settings: settings)
        fail(&breaker, 2, at: start)
        #expect(breaker.isAvailable(at: start), "two in a row, not three")
        fail(&breaker, 1, at: start)
        #expect(!breaker.isAvailable(at: start))
        #expect(breaker.ejectedUntil == start + .seconds(30))
        #expect(!breaker.isAvailable(at: start + .seconds(29)))
        #expect(breaker.isAvailable(at: start + .seconds(30)), "half-open: it may be probed")
    }

    @Test("5.3 after the ejection one attempt probes; the others wait; a good probe closes the breaker")
    func halfOpenProbe() {
        var breaker = CircuitBreaker()
        fail(&breaker, 3, at: start)
        let later = start + .seconds(30)
        breaker.admit(at: later)
        #expect(breaker.position == .halfOpen(probing: true))
        #expect(!breaker.isAvailable(at: later), "one probe at a time")
        breaker.record(.succeeded, at: later, settings: settings)
        #expect(breaker.position == .closed && breaker.isAvailable(at: later))
    }

    @Test("5.3 a failed probe ejects again, for longer each time, up to the maximum")
    func ejectionGrows() {
        var breaker = CircuitBreaker()
        fail(&breaker, 3, at: start)
        var now = start + .seconds(30)
        breaker.admit(at: now)
        breaker.record(.failed, at: now, settings: settings)
        #expect(breaker.ejectedUntil == now + .seconds(60), "the second ejection lasts two bases")
        now = now + .seconds(60)
        breaker.admit(at: now)
        breaker.record(.failed, at: now, settings: settings)
        #expect(breaker.ejectedUntil == now + .seconds(75), "three bases would be 90 s; the maximum is 75 s")
        #expect(breaker.ejections == 3)
    }

    @Test("5.3 faults of attempts that began before the ejection do not eject it again")
    func stragglersAreIgnored() {
        var breaker = CircuitBreaker()
        fail(&breaker, 3, at: start)
        fail(&breaker, 5, at: start + .seconds(1))
        #expect(breaker.ejectedUntil == start + .seconds(30) && breaker.ejections == 1)
    }

    @Test("5.3 a probe that ends without a verdict lets the next attempt probe")
    func releasedProbe() {
        var breaker = CircuitBreaker()
        fail(&breaker, 3, at: start)
        #expect(!breaker.isAvailable(at: start), "ejected")
        let later = start + .seconds(30)
        breaker.admit(at: later)
        #expect(!breaker.isAvailable(at: later), "probing")
        breaker.release()
        #expect(breaker.isAvailable(at: later))
    }

    @Test("5.3 a 429 pauses the deployment for its Retry-After, and is not a fault")
    func rateLimitsPause() {
        var breaker = CircuitBreaker()
        for _ in 0..<5 { breaker.record(.rateLimited(retryAfter: .seconds(7)), at: start, settings: settings) }
        #expect(breaker.position == .closed && breaker.consecutiveFailures == 0, "429s are not faults")
        #expect(!breaker.isAvailable(at: start + .seconds(6)))
        #expect(breaker.isAvailable(at: start + .seconds(7)))
        breaker.record(.rateLimited(retryAfter: nil), at: start, settings: settings)
        #expect(breaker.pausedUntil == start + .seconds(7), "a shorter pause does not cut a longer one")
        var fresh = CircuitBreaker()
        fresh.record(.rateLimited(retryAfter: nil), at: start, settings: settings)
        #expect(fresh.pausedUntil == start + settings.rateLimitPause, "without Retry-After, the default pause")
    }

    @Test("5.3 a failure rate over the window ejects, once enough attempts were seen")
    func failureRate() {
        var rated = settings
        rated.failureRate = 0.5
        rated.minimumRequests = 10
        var breaker = CircuitBreaker()
        for index in 0..<9 {
            let event: CircuitBreaker.Event = index.isMultiple(of: 2) ? .failed : .succeeded
            breaker.record(event, at: start, settings: rated)
        }
        #expect(breaker.isAvailable(at: start), "nine attempts: not enough to judge")
        breaker.record(.failed, at: start, settings: rated)
        #expect(!breaker.isAvailable(at: start), "six failures in ten")
    }
}
