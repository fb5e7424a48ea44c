// Generated from Sources/SiraResilience/SiraResilience.swift by scripts/make-starters. Nothing to write here.
// SiraResilience is chapter 05's module: what makes a flaky provider invisible to the client without
// turning an outage into a retry storm. The policies plug into the attempt pipeline (retries, timeouts) and
// the call pipeline (the deadline); the breaker and the hedge race are used by routing (`SiraRouting`),
// which keeps a breaker per deployment and races a group's first targets.
//
// Layout:
// - `Backoff.swift`         how long to wait before the next try: full jitter, Retry-After, a cap, the deadline
// - `RetryBudget.swift`     how many extra attempts (retries, fallbacks, hedges) the process may add
// - `RetryPolicy.swift`     the attempt-level policy that retries the same deployment, within the budget
// - `Timeouts.swift`        connect, time to first token and idle per attempt (`TimeoutPolicy`), one total
//                           per request (`DeadlinePolicy`)
// - `CircuitBreaker.swift`  one deployment's health: ejected after faults, probed, paused by a 429
// - `Hedging.swift`         when to hedge (`HedgeSettings`), and the race of attempts (`HedgeRace`)

/// Facts about how this module was compiled (see `SiraCoreModule.compiledFrom`).
public enum SiraResilienceModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
