// Where answers are kept, as the policy sees it: an in-memory store in one process today, a store shared
// by every replica (Redis, chapter 10) tomorrow, behind the same three operations.

/// A place to keep cached answers by key.
///
/// The operations are `async` because a shared store is a network call away; the in-memory store
/// answers at once. A store decides its own eviction and expiry; the policy only asks, keeps with a cost,
/// and removes. A store that cannot answer (a shared store that is down) should answer "nothing" and refuse to
/// store rather than throw: a cache that fails must cost a miss, never a failed request.
///
/// A store is an object (`AnyObject`): it holds state (memory, a connection pool) that every copy of the
/// policy shares.
public protocol CacheStore: AnyObject, Sendable {
    /// The answer stored for `key`, if any and not expired.
    /// - Parameter key: The key.
    /// - Returns: The answer, or `nil`.
    func answer(for key: CacheKey) async -> CachedAnswer?

    /// Stores `answer` for `key`, replacing what was there.
    /// - Parameters:
    ///   - answer: The answer.
    ///   - cost: What it costs in bytes (`CachedAnswer.cost`).
    ///   - key: The key.
    /// - Returns: Whether it was stored.
    @discardableResult
    func keep(_ answer: CachedAnswer, cost: Int, for key: CacheKey) async -> Bool

    /// Removes the answer for `key`, if any.
    /// - Parameter key: The key.
    func removeAnswer(for key: CacheKey) async
}

extension MemoryCacheStore: CacheStore where Value == CachedAnswer {
    /// The answer stored for `key`, from memory.
    /// - Parameter key: The key.
    /// - Returns: The answer, or `nil`.
    public func answer(for key: CacheKey) async -> CachedAnswer? { value(for: key) }

    /// Stores `answer` in memory.
    /// - Parameters:
    ///   - answer: The answer.
    ///   - cost: Its cost in bytes.
    ///   - key: The key.
    /// - Returns: Whether it was stored.
    @discardableResult
    public func keep(_ answer: CachedAnswer, cost: Int, for key: CacheKey) async -> Bool {
        store(answer, cost: cost, for: key)
    }

    /// Removes the answer for `key` from memory.
    /// - Parameter key: The key.
    public func removeAnswer(for key: CacheKey) async { remove(key) }
}
