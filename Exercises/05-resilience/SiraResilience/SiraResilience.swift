// Generated from Sources/SiraResilience/SiraResilience.swift by scripts/make-starters. Nothing to write here.
// SiraResilience is chapter 05's module: attempt-level policies that make a flaky provider invisible to
// the client without turning an outage into a retry storm. It is being built; this is what exists so far.
//
// Layout:
// - `Backoff.swift`       how long to wait before the next try: full jitter, Retry-After, a cap, the deadline
// - `RetryBudget.swift`   how many extra attempts the whole process may add to its traffic
// - `RetryPolicy.swift`   the attempt-level policy that retries the same deployment, within the budget
// - `Timeouts.swift`      time to first token and idle per attempt (`TimeoutPolicy`), one total per request
//                         (`DeadlinePolicy`)

/// Facts about how this module was compiled (see `SiraCoreModule.compiledFrom`).
public enum SiraResilienceModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
