// SiraCache is chapter 04's module: answering a repeated request from memory, exactly and safely.
// "Exactly": two requests share an answer only when they mean the same thing to the upstream, which the
// key decides (a hash of a canonical encoding, so the order of members and the spelling of numbers do
// not matter, but every member does). "Safely": the key starts with a scope the server derives, so one
// caller's answer is never another's; only answers that finished are stored; memory is bounded in bytes.
//
// Layout:
// - `CanonicalJSON.swift`      one spelling for every JSON value: members sorted, numbers normalised
// - `CacheKey.swift`           what goes into a key, and its SHA-256
// - `MemoryCacheStore.swift`   a least-recently-used store with a time to live, bounded in bytes
// - `CacheStore.swift`         what the policy needs of a store (the in-memory one today, a shared one later)
// - `CachedAnswer.swift`       an answer as it is kept (streams as their events), and which answers may be
//                              kept at all (`StoreDecision`)
// - `SingleFlight.swift`       one leader per key; the others wait for its answer
// - `CachePolicy.swift`        the call-level policy that puts them together: key, hit, flight, store

/// Facts about how this module was compiled (see `SiraCoreModule.compiledFrom`).
public enum SiraCacheModule {
    /// The path of this file when it was compiled: under `Sources/` or under `Exercises/`.
    public static let compiledFrom: String = #filePath
}
