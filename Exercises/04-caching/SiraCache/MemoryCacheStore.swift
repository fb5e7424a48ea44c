// Starter for chapter 04, generated from Sources/SiraCache/MemoryCacheStore.swift by scripts/make-starters.
// Write the parts between `exercise … begin` and `exercise … end`; `scripts/exercise 04` runs their tests.
// A least-recently-used store with a time to live, bounded in bytes: the memory a cache may use is a
// number an operator sets, not whatever the traffic brings (Portkey's in-process cache is an unbounded
// map).

import SiraCore
import Synchronization

/// Keeps values by `CacheKey`, each for a time to live, and never more bytes than its limit: storing past
/// the limit evicts the least recently used entries first.
///
/// The caller says what a value costs in bytes (an answer's body and events); the store adds
/// `entryOverhead` for its own bookkeeping, so a flood of tiny entries is bounded too. A value larger
/// than `maximumEntryBytes` is not stored at all (one huge answer must not empty the cache). An expired
/// entry is removed when it is next looked up, or when eviction reaches it.
///
/// The order of use is a doubly linked list threaded through an array of slots (the indexes of the
/// previous and next slot), so a hit moves its entry to the front in constant time, and eviction
/// takes from the back.
public final class MemoryCacheStore<Value: Sendable>: Sendable {
    /// What the store may hold.
    public struct Limits: Sendable, Hashable {
        /// The most bytes all entries may cost together.
        public var maximumBytes: Int
        /// The most bytes one entry may cost.
        public var maximumEntryBytes: Int
        /// How long an entry is served after it was stored.
        public var timeToLive: Duration

        /// Creates limits.
        /// - Parameters:
        ///   - maximumBytes: The total.
        ///   - maximumEntryBytes: Per entry; by default an eighth of the total.
        ///   - timeToLive: How long an entry lives.
        public init(maximumBytes: Int, maximumEntryBytes: Int? = nil, timeToLive: Duration) {
            self.maximumBytes = maximumBytes
            self.maximumEntryBytes = min(maximumEntryBytes ?? maximumBytes / 8, maximumBytes)
            self.timeToLive = timeToLive
        }
    }

    /// What the store counts for an entry beyond its value: the key, the slot and the index entry.
    public static var entryOverhead: Int { 160 }

    /// The limits.
    public let limits: Limits
    private let clock: any GatewayClock
    private let state = Mutex(State())

    /// Creates an empty store.
    /// - Parameters:
    ///   - limits: What it may hold.
    ///   - clock: The clock entries expire by.
    public init(limits: Limits, clock: any GatewayClock = SystemClock()) {
        self.limits = limits
        self.clock = clock
    }

    /// The value stored for `key`, if it has not expired; a hit makes it the most recently used.
    /// - Parameter key: The key.
    /// - Returns: The value, or `nil`.
    public func value(for key: CacheKey) -> Value? {
        let now = clock.now
        return state.withLock { state in
            guard let slot = state.index[key], let entry = state.slots[slot] else { return nil }
            guard now < entry.expires else {
                state.remove(slot)
                return nil
            }
            state.moveToFront(slot)
            return entry.value
        }
    }

    /// Stores `value` for `key`, replacing what was there, and evicts least recently used entries until
    /// the total fits.
    /// - Parameters:
    ///   - value: The value.
    ///   - cost: What it costs in bytes (its body and events).
    ///   - key: The key.
    /// - Returns: Whether it was stored (`false` when it alone is over `maximumEntryBytes`).
    @discardableResult
    public func store(_ value: Value, cost: Int, for key: CacheKey) -> Bool {
        // exercise 4.2 begin: count the entry's overhead and scope; refuse it over maximumEntryBytes; under the lock, remove an old entry for the key, evict from the tail until the new total fits, insert at the front
        return false
        // exercise 4.2 end
    }

    /// Removes the entry for `key`, if any.
    /// - Parameter key: The key.
    public func remove(_ key: CacheKey) {
        state.withLock { state in
            if let slot = state.index[key] { state.remove(slot) }
        }
    }

    /// How many entries the store holds and what they cost, in bytes (expired ones not yet removed
    /// included).
    public var usage: (entries: Int, bytes: Int) {
        state.withLock { ($0.index.count, $0.bytes) }
    }

    /// The keys from most to least recently used (tests, and the chapter's diagrams).
    public var keysByRecency: [CacheKey] {
        state.withLock { state in
            var keys: [CacheKey] = []
            var slot = state.head
            while let current = slot, let entry = state.slots[current] {
                keys.append(entry.key)
                slot = entry.next
            }
            return keys
        }
    }

    struct Entry {
        var key: CacheKey
        var value: Value
        var cost: Int
        var expires: ClockInstant
        var previous: Int? = nil
        var next: Int? = nil
    }

    /// The entries in slots, the index from key to slot, and the order of use as a linked list through
    /// the slots (`head` most recent, `tail` least).
    struct State {
        var slots: [Entry?] = []
        var freeSlots: [Int] = []
        var index: [CacheKey: Int] = [:]
        var head: Int?
        var tail: Int?
        var bytes = 0

        mutating func insertAtFront(_ entry: Entry) {
            let slot: Int
            if let free = freeSlots.popLast() {
                slot = free
                slots[slot] = entry
            } else {
                slot = slots.count
                slots.append(entry)
            }
            index[entry.key] = slot
            bytes += entry.cost
            link(slot)
        }

        mutating func remove(_ slot: Int) {
            guard let entry = slots[slot] else { return }
            unlink(slot)
            slots[slot] = nil
            freeSlots.append(slot)
            index[entry.key] = nil
            bytes -= entry.cost
        }

        mutating func moveToFront(_ slot: Int) {
            guard head != slot else { return }
            unlink(slot)
            link(slot)
        }

        /// Puts a slot at the front of the list.
        private mutating func link(_ slot: Int) {
            slots[slot]!.previous = nil
            slots[slot]!.next = head
            if let head { slots[head]!.previous = slot }
            head = slot
            if tail == nil { tail = slot }
        }

        /// Takes a slot out of the list, joining its neighbours.
        private mutating func unlink(_ slot: Int) {
            let (previous, next) = (slots[slot]!.previous, slots[slot]!.next)
            if let previous { slots[previous]!.next = next } else { head = next }
            if let next { slots[next]!.previous = previous } else { tail = previous }
        }
    }
}
