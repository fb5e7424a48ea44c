// Exercise 4.2: a least-recently-used store with a time to live, bounded in bytes.

import SiraCache
import SiraCore
import Testing

@Suite("4.2 The store: least recently used, a time to live, bounded in bytes")
struct MemoryCacheStoreExercises {
    static func key(_ name: String, scope: String = "s") -> CacheKey {
        CacheKey(
            scope: scope, generation: 0, format: .openAI, deployment: "d", stream: false,
            canonicalRequest: Array(name.utf8))
    }

    /// What an entry of `cost` bytes counts for in scope "s".
    static func counted(_ cost: Int) -> Int { cost + MemoryCacheStore<String>.entryOverhead + 1 }

    @Test("4.2 a stored value is served until its time to live has passed, then it is gone")
    func timeToLive() {
        let clock = ManualClock()
        let store = MemoryCacheStore<String>(
            limits: .init(maximumBytes: 10_000, timeToLive: .seconds(60)), clock: clock)
        #expect(store.store("answer", cost: 6, for: Self.key("a")))
        clock.advance(by: .seconds(59))
        #expect(store.value(for: Self.key("a")) == "answer")
        clock.advance(by: .seconds(1))
        #expect(store.value(for: Self.key("a")) == nil)
        #expect(store.usage.entries == 0 && store.usage.bytes == 0, "an expired entry is removed when looked up")
    }

    @Test("4.2 storing past the byte limit evicts the least recently used first; a hit counts as a use")
    func leastRecentlyUsed() {
        let limit = Self.counted(100) * 3
        let store = MemoryCacheStore<String>(
            limits: .init(maximumBytes: limit, maximumEntryBytes: limit, timeToLive: .seconds(60)))
        for name in ["a", "b", "c"] { store.store(name, cost: 100, for: Self.key(name)) }
        #expect(store.keysByRecency == [Self.key("c"), Self.key("b"), Self.key("a")])
        #expect(store.value(for: Self.key("a")) == "a")  // a is now the most recent; b the least
        store.store("d", cost: 100, for: Self.key("d"))
        #expect(store.value(for: Self.key("b")) == nil)
        #expect(store.keysByRecency == [Self.key("d"), Self.key("a"), Self.key("c")])
        #expect(store.usage.entries == 3 && store.usage.bytes == limit)
    }

    @Test("4.2 one large entry evicts as many small ones as it needs, and the total never passes the limit")
    func evictsEnough() {
        let limit = Self.counted(100) * 4
        let store = MemoryCacheStore<String>(
            limits: .init(maximumBytes: limit, maximumEntryBytes: limit, timeToLive: .seconds(60)))
        for name in ["a", "b", "c", "d"] { store.store(name, cost: 100, for: Self.key(name)) }
        store.store("big", cost: 100 + Self.counted(100) * 2, for: Self.key("big"))
        #expect(store.keysByRecency == [Self.key("big"), Self.key("d")])
        #expect(store.usage.bytes <= limit)
        #expect(store.usage.bytes == Self.counted(100) + Self.counted(100 + Self.counted(100) * 2))
    }

    @Test("4.2 an entry over the per-entry limit is refused and evicts nothing")
    func perEntryLimit() {
        let store = MemoryCacheStore<String>(
            limits: .init(maximumBytes: 100_000, maximumEntryBytes: 1_000, timeToLive: .seconds(60)))
        store.store("small", cost: 10, for: Self.key("a"))
        #expect(!store.store("huge", cost: 1_000, for: Self.key("b")))
        #expect(store.value(for: Self.key("b")) == nil && store.value(for: Self.key("a")) == "small")
        #expect(store.usage.entries == 1)
    }

    @Test("4.2 replacing an entry frees what the old one cost; removing frees it all")
    func accounting() {
        let store = MemoryCacheStore<String>(limits: .init(maximumBytes: 100_000, timeToLive: .seconds(60)))
        store.store("one", cost: 500, for: Self.key("a"))
        store.store("two", cost: 200, for: Self.key("a"))
        #expect(store.usage.entries == 1 && store.usage.bytes == Self.counted(200))
        #expect(store.value(for: Self.key("a")) == "two")
        store.remove(Self.key("a"))
        #expect(store.usage.entries == 0 && store.usage.bytes == 0)
        store.remove(Self.key("a"))  // removing what is not there is nothing
    }

    @Test("4.2 keys of two scopes never meet, even for the same request")
    func scopes() {
        let store = MemoryCacheStore<String>(limits: .init(maximumBytes: 100_000, timeToLive: .seconds(60)))
        store.store("tenant one's answer", cost: 10, for: Self.key("same", scope: "one"))
        #expect(store.value(for: Self.key("same", scope: "two")) == nil)
        #expect(store.value(for: Self.key("same", scope: "one")) == "tenant one's answer")
    }

    @Test("4.2 a churn of 10,000 stores with lookups keeps the list, the index and the byte count in agreement")
    func churn() {
        let limit = Self.counted(50) * 64
        let store = MemoryCacheStore<Int>(
            limits: .init(maximumBytes: limit, maximumEntryBytes: limit, timeToLive: .seconds(60)))
        var generator = SystemRandomNumberGenerator()
        for step in 0..<10_000 {
            let name = String(Int.random(in: 0..<200, using: &generator))
            if step % 3 == 0 {
                _ = store.value(for: Self.key(name))
            } else {
                store.store(step, cost: 50, for: Self.key(name))
            }
        }
        let keys = store.keysByRecency
        #expect(keys.count == store.usage.entries && Set(keys).count == keys.count)
        #expect(store.usage.bytes == keys.count * Self.counted(50) && store.usage.bytes <= limit)
        #expect(keys.count == 64, "200 names over 64 slots fill the store")
    }
}
